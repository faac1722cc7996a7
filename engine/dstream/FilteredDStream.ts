import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

export class FilteredDStream<T> extends DerivedDStream<T, T> {
  constructor(
    parent: DStream<T>,
    private readonly f: (x: T) => boolean,
  ) {
    super(parent, "filter");
  }

  protected compute(validTime: Time): RDD<T> | undefined {
    return this.parent.getOrCompute(validTime)?.filter(this.f);
  }
}
