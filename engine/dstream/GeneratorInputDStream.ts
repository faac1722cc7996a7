import type { RDD } from "../rdd/internal";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { Time } from "../time/Time";
import { InputDStream, type InputRecovery } from "./internal";

/**
 * A batch at time t is whatever `generate(t, i)` returns (i = batches since start): demo data
 * without running a source, reproducible because it depends only on the batch time.
 */
export class GeneratorInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    private readonly generate: (time: Time, batchIndex: number) => Iterable<T>,
    private readonly numPartitions: number,
  ) {
    super(ssc, "generatorStream");
  }

  /** A batch depends only on its time, so any batch can be generated again. */
  get recovery(): InputRecovery {
    return "replayable";
  }

  protected compute(validTime: Time): RDD<T> {
    const index = validTime.since(this.zeroTime!).div(this.slideDuration) - 1;
    const records = [...this.generate(validTime, index)];
    this.reportInput(validTime, records.length);
    return this.ssc.sc.parallelize(records, this.numPartitions);
  }
}
