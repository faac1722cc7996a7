import type { Duration } from "../time/Duration";
import { DStream } from "./internal";

/**
 * A stream computed batch for batch from one parent: its only dependency, with the parent's
 * slide. Operators like map and reduceByKey then say only how to compute the batch at t.
 */
export abstract class DerivedDStream<P, T> extends DStream<T> {
  constructor(
    protected readonly parent: DStream<P>,
    scope: string,
  ) {
    super(parent.ssc, scope);
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }
}
