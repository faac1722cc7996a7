import type { RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import { DStream } from "./internal";

export class MapPartitionedDStream<T, U> extends DStream<U> {
  constructor(
    private readonly parent: DStream<T>,
    private readonly f: (items: T[], index: number) => Iterable<U>,
    private readonly preservesPartitioning: boolean,
  ) {
    super(parent.ssc, "mapPartitions");
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    return this.parent.getOrCompute(validTime)?.mapPartitions(this.f, this.preservesPartitioning);
  }
}
