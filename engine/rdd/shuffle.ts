import type { Emit, ShuffleDependency } from "./internal";
import { MapOutputWriter } from "./MapOutputWriter";

/** One map partition's output: a bucket of records per reduce partition (undefined once dropped). */
export type MapOutput<K, V, C> = (Array<[K, V | C]> | undefined)[];

/**
 * Map outputs whose computation failed on a worker thread (computeMapStages), by dependency and
 * map partition: the action that reads one throws that error, from inside the RDDs that catch a
 * failed batch (state, windows), as if it had been thrown computing the output here.
 */
const failedOutputs = new WeakMap<ShuffleDependency<any, any, any>, Map<number, unknown>>();

/**
 * Pushes every map-side record bound for reduce partition `split` into `emit`. Map outputs are
 * computed on first use and kept on the dependency; a missing one (never computed, or lost) is
 * recomputed from the parent's lineage alone, on this thread (the scheduler computes them ahead,
 * on the worker threads, before a batch's output operation: see computeMapStages).
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
  for (let m = 0; m < maps; m++) {
    let buckets = outputs[m];
    let bucket = buckets?.[split];
    if (!buckets || !bucket) {
      throwRecordedFailure(dep, m);
      buckets = storeMapOutput(dep, m, writeMapOutput(dep, m));
      dep.rdd.context.executor?.computedSynchronously();
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

/** Whether map output `m` of `dep` lacks a bucket (never computed, or a bucket was read and dropped). */
export function isMapOutputMissing(dep: ShuffleDependency<any, any, any>, m: number): boolean {
  const buckets = dep.outputs?.[m];
  return !buckets || buckets.some((b) => b === undefined);
}

/**
 * Computes map output `m` of `dep` here if any of its buckets is missing; true when it did work.
 * Used to run a shuffle's map side ahead of the action that reads it (see computeMapStages).
 */
export function ensureMapOutput<K, V, C>(dep: ShuffleDependency<K, V, C>, m: number): boolean {
  if (!isMapOutputMissing(dep, m)) return false;
  throwRecordedFailure(dep, m);
  storeMapOutput(dep, m, writeMapOutput(dep, m));
  return true;
}

/**
 * Keeps a freshly computed map output (from this thread or a worker): fills the buckets of map
 * output `m` that are missing (all of them if it was never computed).
 */
export function storeMapOutput<K, V, C>(
  dep: ShuffleDependency<K, V, C>,
  m: number,
  fresh: MapOutput<K, V, C>,
): MapOutput<K, V, C> {
  dep.outputs ??= new Array(dep.rdd.numPartitions);
  failedOutputs.get(dep)?.delete(m);
  const buckets = dep.outputs[m];
  if (!buckets) {
    dep.outputs[m] = fresh;
    return fresh;
  }
  for (let r = 0; r < fresh.length; r++) buckets[r] ??= fresh[r];
  return buckets;
}

/**
 * Records that computing map output `m` failed elsewhere (a worker thread) with `error`: the next
 * read of it throws `error` once, and the read after that computes it again.
 */
export function recordMapOutputFailure(
  dep: ShuffleDependency<any, any, any>,
  m: number,
  error: unknown,
): void {
  const failed = failedOutputs.get(dep) ?? new Map<number, unknown>();
  failedOutputs.set(dep, failed);
  failed.set(m, error);
}

function throwRecordedFailure(dep: ShuffleDependency<any, any, any>, m: number): void {
  const failed = failedOutputs.get(dep);
  if (!failed?.has(m)) return;
  const error = failed.get(m);
  failed.delete(m);
  throw error;
}

function isMutable(x: unknown): boolean {
  return (typeof x === "object" && x !== null) || typeof x === "function";
}

/** Computes map output `m` of `dep` on this thread, from the parent's lineage. */
export function writeMapOutput<K, V, C>(dep: ShuffleDependency<K, V, C>, m: number): MapOutput<K, V, C> {
  const writer = new MapOutputWriter<K, V, C>(
    dep.partitioner,
    dep.operator,
    dep.mapSideCombine ? dep.aggregator : undefined,
  );
  dep.rdd.iterate(m, writer.write);
  return writer.buckets();
}
