import type { RDD } from "../rdd/internal";
import type { StreamingContext } from "../streaming/StreamingContext";
import { InputDStream } from "./internal";

/** The same RDD at every batch (handy for tests and for a static table joined to a stream). */
export class ConstantInputDStream<T> extends InputDStream<T> {
  constructor(
    ssc: StreamingContext,
    private readonly rdd: RDD<T>,
  ) {
    super(ssc, "constantStream");
  }

  protected compute(): RDD<T> {
    return this.rdd;
  }
}
