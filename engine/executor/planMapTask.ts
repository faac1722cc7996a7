import type { RDD, ShuffleDependency } from "../rdd/internal";
import { HashPartitioner } from "../rdd/Partitioner";
import type { Step } from "../rdd/steps";
import type { MapTaskSpec } from "./MapTask";
import { type RecordEncoding, recordEncoding } from "./recordChunks";
import type { ShippedFunction } from "./reviveFunction";

/** shipFunction, remembered for one job: each function is shipped (its captures read) once per job. */
export type ShipOnce = (fn: Function) => { shipped: ShippedFunction } | { reason: string };

/** A map task a worker thread can compute exactly as the main thread would. */
export interface MapTaskPlan {
  readonly spec: MapTaskSpec;
  /** The partition's input records (in memory already), and how they cross to the worker. */
  readonly data: readonly unknown[];
  readonly encoding: RecordEncoding;
  /** The task's functions as the cost model tells tasks apart (same functions, same costs). */
  readonly signature: string;
  /** The task's functions and what each does, for errors about the task (a cancelled one). */
  readonly functions: readonly { readonly what: string; readonly fn: Function }[];
}

/** Why a map task stays on the main thread, and the function to blame if one is. */
export interface NotShippable {
  readonly reason: string;
  readonly fn?: Function;
}

/**
 * The map task for partition `m` of a shuffle, if a worker thread can compute it exactly as the
 * main thread would; otherwise why not. Shippable means: the lineage from the shuffle down to
 * data already in memory (a parallelized slice, receiver blocks, a cached or checkpointed
 * partition; unions are seen through) consists only of element-wise steps (map, flatMap, filter,
 * keyBy, mapValues, flatMapValues, keys, values) whose functions ship (shipFunction); the records
 * are plain data; the shuffle places keys with a HashPartitioner, and its map-side combiner
 * functions ship too.
 */
export function planMapTask<K, V, C>(
  dep: ShuffleDependency<K, V, C>,
  m: number,
  ship: ShipOnce,
): { plan: MapTaskPlan } | NotShippable {
  const { partitioner, aggregator } = dep;
  // Exactly HashPartitioner: a subclass may place keys differently, and only its name would ship.
  if (
    !(partitioner instanceof HashPartitioner) ||
    Object.getPrototypeOf(partitioner) !== HashPartitioner.prototype
  ) {
    return { reason: `its shuffle (${dep.operator}) does not use a HashPartitioner` };
  }
  // For messages, in pipeline order: the steps, then the combiner's functions.
  const combiners: { what: string; fn: Function }[] = [];
  const shipOne = (
    fn: Function,
    what: string,
    into: { what: string; fn: Function }[],
  ): ShippedFunction | NotShippable => {
    const s = ship(fn);
    if ("reason" in s) return { reason: `${what}: ${s.reason}`, fn };
    into.push({ what, fn });
    return s.shipped;
  };
  let combine: MapTaskSpec["combine"];
  if (aggregator && dep.mapSideCombine) {
    const createCombiner = shipOne(aggregator.createCombiner, "createCombiner", combiners);
    if ("reason" in createCombiner) return createCombiner;
    const mergeValue = shipOne(aggregator.mergeValue, "merge", combiners);
    if ("reason" in mergeValue) return mergeValue;
    combine = { createCombiner, mergeValue };
  }
  // Walked from the shuffle down to the data; each function is shipped as it is met, so a task
  // that cannot ship says so before its input is even read.
  const steps: { kind: Step["kind"]; fn: ShippedFunction | undefined }[] = [];
  const stepFunctions: { what: string; fn: Function }[] = [];
  let rdd: RDD<unknown> = dep.rdd;
  let split = m;
  let data: readonly unknown[] | undefined;
  for (;;) {
    data = rdd.inMemoryPartition(split);
    if (data) break;
    // A persisted RDD whose partition is not in memory yet is computed here, filling the cache.
    const narrow = rdd.storageLevel === "NONE" ? rdd.narrowInput(split) : undefined;
    if (!narrow) {
      const cached = rdd.storageLevel === "NONE" ? "" : ", cached but not computed yet";
      return {
        reason:
          `its input ${rdd.constructor.name} (${rdd.scope}${cached}) is computed here, not data in memory; ` +
          "only element-wise steps (map, flatMap, filter, ...) over parallelized, received, cached or checkpointed data ship",
      };
    }
    const { step } = narrow;
    if (step) {
      let fn: ShippedFunction | undefined;
      if (step.f) {
        const shipped = shipOne(step.f, step.kind, stepFunctions);
        if ("reason" in shipped) return shipped;
        fn = shipped;
      }
      steps.push({ kind: step.kind, fn });
    }
    rdd = narrow.parent;
    split = narrow.split;
  }
  steps.reverse();
  stepFunctions.reverse();
  const encoding = recordEncoding(data);
  if (encoding === undefined) {
    return {
      reason:
        "its input records are not plain data (class instances or functions lose their meaning in a copy)",
    };
  }
  const spec: MapTaskSpec = {
    steps,
    combine,
    numPartitions: partitioner.numPartitions,
    partitionerOperator: partitioner.operator,
    operator: dep.operator,
  };
  const signature = [
    dep.operator,
    encoding,
    ...steps.map((s) => `${s.kind}:${s.fn?.source ?? ""}`),
    combine ? `${combine.createCombiner.source}|${combine.mergeValue.source}` : "",
  ].join("\u0000");
  return { plan: { spec, data, encoding, signature, functions: [...stepFunctions, ...combiners] } };
}
