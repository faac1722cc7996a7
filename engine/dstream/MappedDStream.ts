import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

export class MappedDStream<T, U> extends DerivedDStream<T, U> {
  constructor(
    parent: DStream<T>,
    private readonly f: (x: T) => U,
  ) {
    super(parent, "map");
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    return this.parent.getOrCompute(validTime)?.map(this.f);
  }
}
