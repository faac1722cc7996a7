import { RDD } from "../rdd/internal";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { Time } from "../time/Time";
import { InputDStream, type InputRecovery } from "./internal";

/**
 * Batches taken from a queue the caller owns (ssc.queueStream): one per interval, or everything
 * queued. Arrays count as records for the monitor; RDDs are taken as they are.
 */
export class QueueInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    private readonly queue: Array<T[] | RDD<T>>,
    private readonly oneAtATime: boolean,
    private readonly defaultRDD: RDD<T> | undefined,
  ) {
    super(ssc, "queueStream");
  }

  /** The queue lives in the caller's memory: a restarted process cannot replay it. */
  get recovery(): InputRecovery {
    return "none";
  }

  protected compute(validTime: Time): RDD<T> {
    const sc = this.ssc.sc;
    const taken = this.oneAtATime ? this.queue.splice(0, 1) : this.queue.splice(0);
    if (taken.length === 0) return this.defaultRDD ?? sc.emptyRDD<T>();
    let records = 0;
    const rdds = taken.map((b) => {
      if (b instanceof RDD) return b;
      records += b.length;
      return sc.parallelize(b);
    });
    this.reportInput(validTime, records);
    return rdds.length === 1 ? rdds[0]! : sc.union(rdds);
  }
}
