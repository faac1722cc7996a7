import { MapOutputWriter } from "../rdd/MapOutputWriter";
import { HashPartitioner } from "../rdd/Partitioner";
import { stageOf } from "../rdd/steps";
import type { MapTaskSpec } from "./MapTask";
import { fusedPairStep } from "./pairStep";
import { forEachRecord, type RecordChunk } from "./recordChunks";
import { reviveFunction } from "./reviveFunction";

/** Compiled functions by source and captured names, kept across tasks (see reviveFunction). */
export type FunctionCache = Map<string, (...values: unknown[]) => (...args: any[]) => any>;

/**
 * One map task in a worker thread: the steps rebuilt from their shipped functions with the same
 * definitions as the main thread (stageOf), the records pushed through them chunk by chunk into
 * the same MapOutputWriter — so the output is what the main thread would have computed.
 */
export class MapTaskRun {
  private readonly writer: MapOutputWriter<unknown, unknown, unknown>;
  private readonly head: (record: unknown) => void;
  /** Milliseconds spent computing (not waiting for chunks). */
  computeMs = 0;

  constructor(spec: MapTaskSpec, cache: FunctionCache) {
    const combine = spec.combine && {
      createCombiner: reviveFunction(spec.combine.createCombiner, cache),
      mergeValue: reviveFunction(spec.combine.mergeValue, cache),
    };
    this.writer = new MapOutputWriter(
      new HashPartitioner(spec.numPartitions, spec.partitionerOperator),
      spec.operator,
      combine,
    );
    const steps = spec.steps;
    let emit: (x: any) => void = this.writer.write;
    let first = steps.length - 1;
    // With map-side combine, a last step that builds a fresh pair for the writer alone hands it
    // the key and value instead (see pairStep).
    const last = steps[first];
    const fused =
      last && this.writer.combines ? fusedPairStep(last, this.writer.writePair, cache) : undefined;
    if (fused) {
      emit = fused;
      first--;
    }
    for (let i = first; i >= 0; i--) {
      const s = steps[i]!;
      emit = stageOf({ kind: s.kind, f: s.fn && reviveFunction(s.fn, cache) })(emit);
    }
    this.head = emit;
  }

  push(chunk: RecordChunk): void {
    const started = performance.now();
    try {
      forEachRecord(chunk, this.head);
    } finally {
      this.computeMs += performance.now() - started;
    }
  }

  buckets(): unknown[][] {
    const started = performance.now();
    const buckets = this.writer.buckets();
    this.computeMs += performance.now() - started;
    return buckets;
  }
}
