import { HashPartitioner } from "../rdd/Partitioner";
import { bucketMapOutput } from "../rdd/shuffle";
import { type StepKind, stageOf } from "../rdd/steps";
import type { ThrownInWorker } from "./workerErrors";

/**
 * The map side of one shuffle partition, as data a worker thread can run: the partition's input
 * records, the element-wise steps from them to the shuffle (functions as source text), and how
 * the shuffle combines and places records (only HashPartitioner ships).
 */
export interface MapTask {
  readonly id: number;
  readonly data: readonly unknown[];
  readonly steps: readonly { readonly kind: StepKind; readonly source: string | undefined }[];
  /** createCombiner and mergeValue sources, when the shuffle combines on the map side. */
  readonly combine: { readonly createCombiner: string; readonly mergeValue: string } | undefined;
  readonly numPartitions: number;
  /** The HashPartitioner's operator (named by its errors about keys). */
  readonly partitionerOperator: string;
  /** The shuffle's operator (named by errors about records and keys while combining). */
  readonly operator: string;
}

/** A worker's answer: the buckets, what was thrown, or that the output cannot cross threads. */
export type MapTaskReply =
  | { readonly id: number; readonly kind: "done"; readonly buckets: unknown[][] }
  | { readonly id: number; readonly kind: "failed"; readonly thrown: ThrownInWorker }
  | { readonly id: number; readonly kind: "unshippable"; readonly reason: string };

/**
 * Runs a map task with functions made from their sources by `compile`: the same steps
 * (stageOf), partitioner, key handling and bucketing (bucketMapOutput) as the main thread, so
 * the output is what the main thread would have computed for this partition.
 */
export function runMapTask(task: MapTask, compile: (source: string) => (...args: any[]) => any): unknown[][] {
  const stages = task.steps.map((s) =>
    stageOf({ kind: s.kind, f: s.source ? compile(s.source) : undefined }),
  );
  const combine = task.combine && {
    createCombiner: compile(task.combine.createCombiner),
    mergeValue: compile(task.combine.mergeValue),
  };
  const { data } = task;
  return bucketMapOutput<unknown, unknown, unknown>(
    (emit) => {
      let e: (x: any) => void = emit;
      for (let i = stages.length - 1; i >= 0; i--) e = stages[i]!(e);
      for (let i = 0; i < data.length; i++) e(data[i]);
    },
    new HashPartitioner(task.numPartitions, task.partitionerOperator),
    task.operator,
    combine,
  );
}
