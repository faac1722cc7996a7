import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

export class FlatMappedDStream<T, U> extends DerivedDStream<T, U> {
  constructor(
    parent: DStream<T>,
    private readonly f: (x: T) => Iterable<U>,
  ) {
    super(parent, "flatMap");
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    return this.parent.getOrCompute(validTime)?.flatMap(this.f);
  }
}
