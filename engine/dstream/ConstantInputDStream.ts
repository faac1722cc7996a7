import type { RDD } from "../rdd/internal";
import type { StreamingContext } from "../streaming/StreamingContext";
import { InputDStream, type InputRecovery } from "./internal";

/** The same RDD at every batch (handy for tests and for a static table joined to a stream). */
export class ConstantInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    private readonly rdd: RDD<T>,
  ) {
    super(ssc, "constantStream");
  }

  /** The same RDD every batch; the rebuilt graph holds it again. */
  get recovery(): InputRecovery {
    return "replayable";
  }

  protected compute(): RDD<T> {
    return this.rdd;
  }
}
