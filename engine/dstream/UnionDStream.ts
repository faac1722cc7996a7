import { IllegalStateError } from "../errors";
import type { RDD } from "../rdd/internal";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { contextOf, DStream, requireSameSlide } from "./internal";

export class UnionDStream<T> extends DStream<T> {
  constructor(private readonly parents: DStream<T>[]) {
    super(contextOf(parents, "union"), "union");
    requireSameSlide(parents, "union");
  }

  get dependencies(): DStream<any>[] {
    return this.parents;
  }

  get slideDuration(): Duration {
    return this.parents[0]!.slideDuration;
  }

  protected compute(validTime: Time): RDD<T> | undefined {
    const rdds = this.parents.map((p) => {
      const rdd = p.getOrCompute(validTime);
      if (!rdd) throw new IllegalStateError(`union: ${p} has no RDD at ${validTime}.`);
      return rdd;
    });
    return this.ssc.sc.union(rdds);
  }
}
