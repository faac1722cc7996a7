import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

export class MapPartitionedDStream<T, U> extends DerivedDStream<T, U> {
  constructor(
    parent: DStream<T>,
    private readonly f: (items: T[], index: number) => Iterable<U>,
    private readonly preservesPartitioning: boolean,
  ) {
    super(parent, "mapPartitions");
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    return this.parent.getOrCompute(validTime)?.mapPartitions(this.f, this.preservesPartitioning);
  }
}
