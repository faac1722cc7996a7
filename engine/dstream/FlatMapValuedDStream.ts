import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

export class FlatMapValuedDStream<K, V, W> extends DerivedDStream<[K, V], [K, W]> {
  constructor(
    parent: DStream<[K, V]>,
    private readonly f: (v: V) => Iterable<W>,
  ) {
    super(parent, "flatMapValues");
  }

  protected compute(validTime: Time): RDD<[K, W]> | undefined {
    return this.parent.getOrCompute(validTime)?.flatMapValues(this.f);
  }
}
