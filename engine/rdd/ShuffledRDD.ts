import { KeyMap } from "../util/keys";
import { type Emit, RDD, readShuffle, type ShuffleDependency } from "./internal";

/** The reduce side of a shuffle: records placed by key, merged by the aggregator if any. */
export class ShuffledRDD<K, V, C> extends RDD<[K, V | C]> {
  /** Holds the parent and the map outputs; dropped with them once a checkpoint replaces both. */
  private dep: ShuffleDependency<K, V, C> | undefined;

  constructor(dep: ShuffleDependency<K, V, C>, scope: string) {
    super(dep.rdd.context, [dep], scope);
    this.dep = dep;
    this.partitioner = dep.partitioner;
  }

  get numPartitions(): number {
    return this.partitioner!.numPartitions;
  }

  protected compute(split: number, emit: Emit<[K, V | C]>): void {
    const dep = this.dep!;
    const { aggregator, mapSideCombine, operator } = dep;
    if (!aggregator) {
      readShuffle(dep, split, emit);
      return;
    }
    const merged = new KeyMap<K, C>(operator);
    if (mapSideCombine) {
      readShuffle(dep, split, (kc) => {
        const c = merged.get(kc[0]);
        merged.set(
          kc[0],
          c === undefined && !merged.has(kc[0])
            ? (kc[1] as C)
            : aggregator.mergeCombiners(c as C, kc[1] as C),
        );
      });
    } else {
      readShuffle(dep, split, (kv) => {
        const c = merged.get(kv[0]);
        merged.set(
          kv[0],
          c === undefined && !merged.has(kv[0])
            ? aggregator.createCombiner(kv[1] as V)
            : aggregator.mergeValue(c as C, kv[1] as V),
        );
      });
    }
    merged.forEach((c, k) => emit([k, c]));
  }

  protected override clearDependencies(): void {
    this.dep = undefined;
  }
}
