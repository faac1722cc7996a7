import { IllegalStateError } from "../errors";
import { CoGroupedRDD, type Partitioner, type RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
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
    const oldRDDs = this.reduced.slice(previousBegin, currentBegin.minus(parent.slideDuration));
    const newRDDs = this.reduced.slice(previousEnd.plus(parent.slideDuration), validTime);
    const previous = this.getOrCompute(previousEnd) ?? this.ssc.sc.emptyRDD<[K, V]>();
    const nOld = oldRDDs.length;
    const all = [previous, ...oldRDDs, ...newRDDs];
    const merged = (new CoGroupedRDD<K>(all, this.partitioner, "reduceByKeyAndWindow") as unknown as RDD<[K, V[][]]>).mapValues(
      (groups) => {
        const reduceGroup = (from: number, to: number): V | undefined => {
          let acc: V | undefined;
          let seen = false;
          for (let i = from; i < to; i++) {
            for (const v of groups[i]!) {
              acc = seen ? f(acc as V, v) : v;
              seen = true;
            }
          }
          return seen ? acc : undefined;
        };
        const hasAny = (from: number, to: number) => groups.slice(from, to).some((g) => g.length > 0);
        const newValue = reduceGroup(1 + nOld, groups.length);
        if (groups[0]!.length === 0) {
          if (!hasAny(1 + nOld, groups.length)) {
            throw new IllegalStateError(
              "reduceByKeyAndWindow: a key has neither a value in the previous window nor new values. " +
                "This happens when keys do not hash consistently; use primitive or tuple keys.",
            );
          }
          return newValue as V;
        }
        let value = groups[0]![0] as V;
        if (hasAny(1, 1 + nOld)) value = invF(value, reduceGroup(1, 1 + nOld) as V);
        if (hasAny(1 + nOld, groups.length)) value = f(value, newValue as V);
        return value;
      },
    );
    return this.keep ? merged.filter(this.keep) : merged;
  }
}
