import type { RDD, ShuffleDependency } from "../rdd/internal";
import { HashPartitioner } from "../rdd/Partitioner";
import type { Step } from "../rdd/steps";
import { isPlainData } from "./isPlainData";
import type { MapTask } from "./MapTask";
import { shippableSource } from "./shippableSource";

/**
 * The map task for partition `m` of a shuffle, if a worker thread can compute it exactly as the
 * main thread would; otherwise why not. Shippable means: the lineage from the shuffle down to
 * data already in memory (a parallelized slice, a cached partition, a checkpoint) consists only of
 * element-wise steps (map, flatMap, filter, keyBy, mapValues, flatMapValues, keys, values) whose
 * functions read nothing but standard globals; the records are plain data; the shuffle places keys
 * with a HashPartitioner, and its map-side combiner functions ship too.
 */
export function planMapTask<K, V, C>(
  dep: ShuffleDependency<K, V, C>,
  m: number,
  id: number,
): { task: MapTask } | { reason: string } {
  const { partitioner, aggregator } = dep;
  // Exactly HashPartitioner: a subclass may place keys differently, and only its name would ship.
  if (
    !(partitioner instanceof HashPartitioner) ||
    Object.getPrototypeOf(partitioner) !== HashPartitioner.prototype
  ) {
    return { reason: "its shuffle does not use a HashPartitioner" };
  }
  let combine: MapTask["combine"];
  if (aggregator && dep.mapSideCombine) {
    const createCombiner = shippableSource(aggregator.createCombiner);
    if ("reason" in createCombiner)
      return { reason: `its createCombiner cannot ship: ${createCombiner.reason}` };
    const mergeValue = shippableSource(aggregator.mergeValue);
    if ("reason" in mergeValue) return { reason: `its merge function cannot ship: ${mergeValue.reason}` };
    combine = { createCombiner: createCombiner.source, mergeValue: mergeValue.source };
  }
  const steps: Step[] = [];
  let rdd: RDD<unknown> = dep.rdd;
  let data: readonly unknown[] | undefined;
  for (;;) {
    data = rdd.inMemoryPartition(m);
    if (data) break;
    // A persisted RDD whose partition is not in memory yet is computed here, filling the cache.
    const narrow = rdd.storageLevel === "NONE" ? rdd.narrowStep : undefined;
    if (!narrow) {
      return {
        reason: `its input ${rdd.constructor.name} (${rdd.scope}) is computed, not in memory; only element-wise steps over parallelized, cached or checkpointed data ship`,
      };
    }
    steps.push(narrow.step);
    rdd = narrow.parent;
  }
  steps.reverse();
  const shipped: { kind: Step["kind"]; source: string | undefined }[] = [];
  for (const step of steps) {
    if (!step.f) {
      shipped.push({ kind: step.kind, source: undefined });
      continue;
    }
    const s = shippableSource(step.f);
    if ("reason" in s) return { reason: `the ${step.kind} function cannot ship: ${s.reason}` };
    shipped.push({ kind: step.kind, source: s.source });
  }
  if (!isPlainData(data)) {
    return {
      reason:
        "its input records are not plain data (class instances or functions lose their meaning in a copy)",
    };
  }
  return {
    task: {
      id,
      data,
      steps: shipped,
      combine,
      numPartitions: partitioner.numPartitions,
      partitionerOperator: partitioner.operator,
      operator: dep.operator,
    },
  };
}
