import { describeValue, IllegalArgumentError } from "../errors";
import { KeyMap } from "../util/keys";
import type { Emit, ShuffleDependency } from "./internal";

/**
 * Pushes every map-side record bound for reduce partition `split` into `emit`. Map outputs are
 * computed on first use and kept on the dependency; a missing one (never computed, or lost) is
 * recomputed from the parent's lineage alone.
 *
 * Combiners built on the map side are handed to mergeCombiners, which may modify and return its
 * first argument (Spark allows it for combineByKey, aggregateByKey and foldByKey), and then to user
 * code. Spark's reducers read fresh copies from shuffle files; here a bucket whose combiners are
 * objects is read once and dropped, so a later read recomputes it rather than seeing combiners
 * that were changed in place. Primitive combiners (counts, sums) cannot change and stay reusable.
 */
export function readShuffle<K, V, C>(
  dep: ShuffleDependency<K, V, C>,
  split: number,
  emit: Emit<[K, V | C]>,
): void {
  const maps = dep.rdd.numPartitions;
  const singleUse = dep.aggregator !== undefined && dep.mapSideCombine;
  dep.outputs ??= new Array(maps);
  for (let m = 0; m < maps; m++) {
    let buckets = dep.outputs[m];
    let bucket = buckets?.[split];
    if (!buckets || !bucket) {
      const fresh = writeMapOutput(dep, m);
      if (buckets) for (let r = 0; r < fresh.length; r++) buckets[r] ??= fresh[r];
      else buckets = dep.outputs[m] = fresh;
      bucket = buckets[split]!;
    }
    let mutable = false;
    try {
      for (let i = 0; i < bucket.length; i++) {
        const kc = bucket[i]!;
        if (singleUse && !mutable) mutable = isMutable(kc[1]);
        emit(kc);
      }
    } finally {
      if (mutable) buckets[split] = undefined;
    }
  }
}

function isMutable(x: unknown): boolean {
  return (typeof x === "object" && x !== null) || typeof x === "function";
}

function writeMapOutput<K, V, C>(
  dep: ShuffleDependency<K, V, C>,
  m: number,
): (Array<[K, V | C]> | undefined)[] {
  const { partitioner, aggregator, operator } = dep;
  const buckets: Array<[K, V | C]>[] = Array.from({ length: partitioner.numPartitions }, () => []);
  if (aggregator && dep.mapSideCombine) {
    // Combiners live in boxes so a repeated key costs one hash lookup, not a get and a set:
    // this loop is the hot path of every reduceByKey.
    const combined = new KeyMap<K, { c: C }>(operator);
    const { createCombiner, mergeValue } = aggregator;
    dep.rdd.iterate(m, (kv) => {
      if (!Array.isArray(kv)) throw notAPair(operator, kv);
      const box = combined.get(kv[0]);
      if (box) box.c = mergeValue(box.c, kv[1]);
      else combined.set(kv[0], { c: createCombiner(kv[1]) });
    });
    combined.forEach((box, k) => {
      buckets[partitioner.getPartition(k)]!.push([k, box.c]);
    });
  } else {
    dep.rdd.iterate(m, (kv) => {
      if (!Array.isArray(kv)) throw notAPair(operator, kv);
      buckets[partitioner.getPartition(kv[0])]!.push(kv);
    });
  }
  return buckets;
}

function notAPair(operator: string, record: unknown): IllegalArgumentError {
  return new IllegalArgumentError(
    `${operator} works on [key, value] pairs, but got the record ${describeValue(record)}. ` +
      "Fix: map each record to a pair first, e.g. .map((w) => [w, 1]).",
  );
}
