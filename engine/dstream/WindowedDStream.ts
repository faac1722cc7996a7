import type { RDD } from "../rdd/internal";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { DStream, requireWindowMultiple } from "./internal";

/** The union of the parent's batches in (t − windowDuration, t], every slideDuration. */
export class WindowedDStream<T> extends DStream<T> {
  constructor(
    private readonly parent: DStream<T>,
    readonly windowDuration: Duration,
    private readonly slide: Duration,
  ) {
    super(parent.ssc, "window");
    requireWindowMultiple(windowDuration, parent, "The window duration");
    requireWindowMultiple(slide, parent, "The slide duration");
    // Each parent batch is read by several windows: keep it rather than recompute it.
    parent.persist();
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.slide;
  }

  override get parentRememberDuration(): Duration {
    return this.rememberDuration!.plus(this.windowDuration);
  }

  protected compute(validTime: Time): RDD<T> | undefined {
    const from = validTime.minus(this.windowDuration).plus(this.parent.slideDuration);
    return this.ssc.sc.union(this.parent.slice(from, validTime));
  }
}
