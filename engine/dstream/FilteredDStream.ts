import type { RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import { DStream } from "./internal";

export class FilteredDStream<T> extends DStream<T> {
  constructor(
    private readonly parent: DStream<T>,
    private readonly f: (x: T) => boolean,
  ) {
    super(parent.ssc, "filter");
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  protected compute(validTime: Time): RDD<T> | undefined {
    return this.parent.getOrCompute(validTime)?.filter(this.f);
  }
}
