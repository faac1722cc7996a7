import { describeValue, IllegalArgumentError } from "../errors";
import { KeyMap } from "../util/keys";
import type { Aggregator, Emit, Partitioner, ShuffleDependency } from "./internal";

/** One map partition's output: a bucket of records per reduce partition (undefined once dropped). */
export type MapOutput<K, V, C> = (Array<[K, V | C]> | undefined)[];

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
  const outputs = dep.outputs;
  const executor = dep.rdd.context.executor;
  if (executor) {
    // With worker threads, every missing map output is computed at once, in parallel; the loop
    // below then finds them all present.
    const missing: number[] = [];
    for (let m = 0; m < maps; m++) if (!outputs[m]?.[split]) missing.push(m);
    if (missing.length > 1) {
      const fresh = executor.runMapTasks(dep, missing, (m) => writeMapOutput(dep, m));
      missing.forEach((m, i) => storeMapOutput(outputs, m, fresh[i]!));
    }
  }
  for (let m = 0; m < maps; m++) {
    let buckets = outputs[m];
    let bucket = buckets?.[split];
    if (!buckets || !bucket) {
      buckets = storeMapOutput(outputs, m, writeMapOutput(dep, m));
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

/**
 * Computes map output `m` of `dep` if any of its buckets is missing; true when it did work.
 * Used to run a shuffle's map side ahead of the action that reads it (see computeMapStages).
 */
export function ensureMapOutput<K, V, C>(dep: ShuffleDependency<K, V, C>, m: number): boolean {
  dep.outputs ??= new Array(dep.rdd.numPartitions);
  const buckets = dep.outputs[m];
  if (buckets?.every((b) => b !== undefined)) return false;
  storeMapOutput(dep.outputs, m, writeMapOutput(dep, m));
  return true;
}

function isMutable(x: unknown): boolean {
  return (typeof x === "object" && x !== null) || typeof x === "function";
}

/** Fills the buckets of map output `m` that are missing (all of them if it was never computed). */
function storeMapOutput<K, V, C>(
  outputs: (MapOutput<K, V, C> | undefined)[],
  m: number,
  fresh: MapOutput<K, V, C>,
): MapOutput<K, V, C> {
  const buckets = outputs[m];
  if (!buckets) {
    outputs[m] = fresh;
    return fresh;
  }
  for (let r = 0; r < fresh.length; r++) buckets[r] ??= fresh[r];
  return buckets;
}

function writeMapOutput<K, V, C>(dep: ShuffleDependency<K, V, C>, m: number): MapOutput<K, V, C> {
  return bucketMapOutput(
    (emit) => dep.rdd.iterate(m, emit),
    dep.partitioner,
    dep.operator,
    dep.mapSideCombine ? dep.aggregator : undefined,
  );
}

/**
 * The map side of a shuffle for one partition: the records pushed by `records`, combined per key
 * when `combine` is given (map-side combine), placed in one bucket per reduce partition. Shared
 * by the main thread and the parallel executor's worker threads, so a map output is the same
 * records, combined and placed the same way, wherever it was computed.
 */
export function bucketMapOutput<K, V, C>(
  records: (emit: Emit<[K, V]>) => void,
  partitioner: Partitioner,
  operator: string,
  combine: Pick<Aggregator<V, C>, "createCombiner" | "mergeValue"> | undefined,
): Array<[K, V | C]>[] {
  const buckets: Array<[K, V | C]>[] = Array.from({ length: partitioner.numPartitions }, () => []);
  if (combine) {
    // Combiners live in boxes so a repeated key costs one hash lookup, not a get and a set:
    // this loop is the hot path of every reduceByKey.
    const combined = new KeyMap<K, { c: C }>(operator);
    const { createCombiner, mergeValue } = combine;
    records((kv) => {
      if (!Array.isArray(kv)) throw notAPair(operator, kv);
      const box = combined.get(kv[0]);
      if (box) box.c = mergeValue(box.c, kv[1]);
      else combined.set(kv[0], { c: createCombiner(kv[1]) });
    });
    combined.forEach((box, k) => {
      buckets[partitioner.getPartition(k)]!.push([k, box.c]);
    });
  } else {
    records((kv) => {
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
