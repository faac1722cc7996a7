import { IllegalArgumentError, IllegalStateError } from "../errors";
import type { RDD } from "../rdd/internal";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { DStream } from "./internal";

/** An RDD-to-RDD function over the batches of one or more streams (transform, transformWith). */
export class TransformedDStream<U> extends DStream<U> {
  constructor(
    private readonly parents: DStream<any>[],
    private readonly f: (rdds: RDD<any>[], time: Time) => RDD<U>,
  ) {
    super(contextOf(parents, "transform"), "transform");
    requireSameSlide(parents, "transform");
  }

  get dependencies(): DStream<any>[] {
    return this.parents;
  }

  get slideDuration(): Duration {
    return this.parents[0]!.slideDuration;
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    const rdds = this.parents.map((p) => {
      const rdd = p.getOrCompute(validTime);
      if (!rdd) throw new IllegalStateError(`transform: ${p} has no RDD at ${validTime}.`);
      return rdd;
    });
    const out = this.f(rdds, validTime);
    if (!out || typeof (out as RDD<U>).iterate !== "function") {
      throw new IllegalArgumentError(
        `transform: the function must return an RDD, but returned ${String(out)}. ` +
          "Fix: return the transformed RDD, e.g. (rdd) => rdd.filter(...).",
      );
    }
    return out;
  }
}

/**
 * The context of the first stream. Runs before super(), so an empty list (ssc.union([])) gets a
 * clear error instead of a TypeError from reading `.ssc` of undefined.
 */
export function contextOf(streams: DStream<any>[], operator: string): StreamingContext {
  const first = streams[0];
  if (!first) {
    throw new IllegalArgumentError(
      `${operator}: needs at least one stream, got none. Fix: pass one or more DStreams.`,
    );
  }
  return first.ssc;
}

/** Throws unless every stream has the same slide duration and context. */
export function requireSameSlide(streams: DStream<any>[], operator: string): void {
  const first = streams[0]!;
  for (const s of streams) {
    if (s.ssc !== first.ssc) {
      throw new IllegalArgumentError(`${operator}: all streams must belong to the same StreamingContext.`);
    }
    if (!s.slideDuration.equals(first.slideDuration)) {
      throw new IllegalArgumentError(
        `${operator}: all streams must have the same slide duration, but ${first} slides every ` +
          `${first.slideDuration} and ${s} every ${s.slideDuration}. Fix: window them to a common slide first.`,
      );
    }
  }
}
