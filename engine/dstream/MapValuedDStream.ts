import type { RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import { DStream } from "./internal";

export class MapValuedDStream<K, V, W> extends DStream<[K, W]> {
  constructor(
    private readonly parent: DStream<[K, V]>,
    private readonly f: (v: V) => W,
  ) {
    super(parent.ssc, "mapValues");
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  protected compute(validTime: Time): RDD<[K, W]> | undefined {
    return this.parent.getOrCompute(validTime)?.mapValues(this.f);
  }
}
