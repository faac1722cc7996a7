import type { StepKind } from "../rdd/steps";
import type { EncodedBucket } from "./bucketCodec";
import type { RecordChunk } from "./recordChunks";
import type { ShippedFunction } from "./reviveFunction";
import type { ThrownInWorker } from "./workerErrors";

/**
 * The map side of one shuffle partition, as data a worker thread can run: the element-wise steps
 * from the input records to the shuffle (shipped functions), and how the shuffle combines and
 * places records (only HashPartitioner ships). The records follow in chunks.
 */
export interface MapTaskSpec {
  readonly steps: readonly { readonly kind: StepKind; readonly fn: ShippedFunction | undefined }[];
  /** createCombiner and mergeValue, when the shuffle combines on the map side. */
  readonly combine:
    | { readonly createCombiner: ShippedFunction; readonly mergeValue: ShippedFunction }
    | undefined;
  readonly numPartitions: number;
  /** The HashPartitioner's operator (named by its errors about keys). */
  readonly partitionerOperator: string;
  /** The shuffle's operator (named by errors about records and keys while combining). */
  readonly operator: string;
}

/** What the main thread sends a worker for one task: its spec, its records in chunks, then its end. */
export type ToWorker =
  | { readonly type: "start"; readonly id: number; readonly spec: MapTaskSpec }
  | { readonly type: "chunk"; readonly id: number; readonly chunk: RecordChunk }
  | { readonly type: "end"; readonly id: number };

/**
 * A worker's answer: the map output's buckets (and the time spent computing them), what a user
 * function threw, or why the task must run on the main thread after all.
 */
export type FromWorker =
  | {
      readonly id: number;
      readonly kind: "done";
      readonly buckets: readonly EncodedBucket[];
      readonly computeMs: number;
    }
  | { readonly id: number; readonly kind: "failed"; readonly thrown: ThrownInWorker }
  | { readonly id: number; readonly kind: "unshippable"; readonly reason: string };
