import { describeValue, IllegalStateError } from "../errors";
import { CoGroupedRDD, combineByKeyWith, type Partitioner, type RDD } from "../rdd/internal";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { IncrementalWindowRDD } from "../window/IncrementalWindowRDD";
import { DStream, requireWindowMultiple } from "./internal";

/**
 * reduceByKeyAndWindow with an inverse function (Spark's algorithm): the window at t is the
 * window at t − slide, minus ("inverse-reduced") the batches that left, plus the ones that came.
 *
 *   |<---------------- previous window ---------------->|
 *   | old batches |         kept batches               | new batches |
 *                 |<---------------- current window ----------------->|
 */
export class ReducedWindowedDStream<K, V> extends DStream<[K, V]> {
  private readonly reduced: DStream<[K, V]>;

  constructor(
    private readonly parent: DStream<[K, V]>,
    private readonly f: (a: V, b: V) => V,
    private readonly invF: (a: V, b: V) => V,
    private readonly keep: ((kv: [K, V]) => boolean) | undefined,
    readonly windowDuration: Duration,
    private readonly slide: Duration,
    private readonly partitioner: Partitioner,
  ) {
    super(parent.ssc, "reduceByKeyAndWindow");
    requireWindowMultiple(windowDuration, parent, "The window duration");
    requireWindowMultiple(slide, parent, "The slide duration");
    this.reduced = parent.reduceByKey(f, partitioner);
    this.reduced.persist();
    this.persist();
    this.mustCheckpoint = true;
  }

  get dependencies(): DStream<any>[] {
    return [this.reduced];
  }

  get slideDuration(): Duration {
    return this.slide;
  }

  override get parentRememberDuration(): Duration {
    return this.rememberDuration!.plus(this.windowDuration);
  }

  protected compute(validTime: Time): RDD<[K, V]> | undefined {
    const { f, invF, parent } = this;
    const currentBegin = validTime.minus(this.windowDuration).plus(parent.slideDuration);
    const previousBegin = currentBegin.minus(this.slide);
    const previousEnd = validTime.minus(this.slide);
    // Leaving: the previous window's batches before the current one begins; entering: the current
    // window's batches after the previous one ended. Spark takes the first range up to the current
    // begin and the second from the previous end, which is the same while windows overlap, but
    // with a slide longer than the window it subtracts batches that were never added.
    const lastOld = earlier(currentBegin.minus(parent.slideDuration), previousEnd);
    const firstNew = later(previousEnd.plus(parent.slideDuration), currentBegin);
    const oldRDDs = this.reduced.slice(previousBegin, lastOld);
    const newRDDs = this.reduced.slice(firstNew, validTime);
    const previous = this.getOrCompute(previousEnd) ?? this.ssc.sc.emptyRDD<[K, V]>();
    const nOld = oldRDDs.length;
    const all = [previous, ...oldRDDs, ...newRDDs];
    const cogrouped = new CoGroupedRDD<K>(all, this.partitioner, "reduceByKeyAndWindow") as unknown as RDD<
      [K, V[][]]
    >;
    const filtered = this.keep !== undefined;
    const mergeKey = ([key, groups]: [K, V[][]]): [K, V] => {
      // groups[0]: the previous window (at most one value); then one group per old and new batch.
      const reduceGroups = (from: number, to: number): { value: V } | undefined => {
        let acc: { value: V } | undefined;
        for (let i = from; i < to; i++) {
          for (const v of groups[i]!) acc = acc ? { value: f(acc.value, v) } : { value: v };
        }
        return acc;
      };
      const leaving = reduceGroups(1, 1 + nOld);
      const entering = reduceGroups(1 + nOld, groups.length);
      if (groups[0]!.length === 0) {
        if (leaving) throw missingFromPreviousWindow(key, filtered);
        return [key, entering!.value];
      }
      let value = groups[0]![0] as V;
      if (leaving) value = invF(value, leaving.value);
      if (entering) value = f(value, entering.value);
      return [key, value];
    };
    // Keeps the partitioner, so the next window reads this one without a shuffle.
    const merged = cogrouped.mapPartitions((items) => items.map(mergeKey), true);
    const afresh = () => {
      const batches = this.ssc.sc.union(this.reduced.slice(currentBegin, validTime));
      const agg = { createCombiner: (v: V) => v, mergeValue: f, mergeCombiners: f };
      return combineByKeyWith(batches, agg, this.partitioner, true, "reduceByKeyAndWindow");
    };
    const keep = this.keep;
    return new IncrementalWindowRDD(
      previous,
      keep ? merged.filter(keep) : merged,
      keep ? () => afresh().filter(keep) : afresh,
    );
  }
}

/**
 * Values of `key` are leaving the window, but the previous window has no value to subtract them
 * from. Keys compare by value here, so (unlike Spark's "hashes consistently?") the cause is a
 * filter that dropped the key while some of its values were still inside the window; the windows
 * after that were already wrong, so this is an error rather than a guess.
 */
function missingFromPreviousWindow(key: unknown, filtered: boolean): IllegalStateError {
  return new IllegalStateError(
    `reduceByKeyAndWindow: values of key ${describeValue(key)} are leaving the window, but the key is not in ` +
      "the previous window's result. " +
      (filtered
        ? "The filter function removed it while it still had values in the window. Fix: make the filter drop " +
          "only keys whose values have all left the window, e.g. (kv) => kv[1] !== 0 for counts."
        : "The previous window was computed differently from this one (a non-deterministic parent stream?). " +
          "Fix: make the parent stream deterministic, or use the version without an inverse function."),
  );
}

const earlier = (a: Time, b: Time): Time => (a.lessThan(b) ? a : b);
const later = (a: Time, b: Time): Time => (a.greaterThan(b) ? a : b);
