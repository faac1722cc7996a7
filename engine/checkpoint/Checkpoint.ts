import * as path from "node:path";
import { HashPartitioner, type RDD } from "../rdd/internal";
import type { DStreamGraph } from "../streaming/DStreamGraph";
import type { Time } from "../time/Time";

/** Bumped whenever the metadata format changes; a file of another version is not used. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** A checkpointed RDD of a stream, as recorded in the metadata. */
export interface CheckpointedRDD {
  /** The batch time the RDD belongs to. */
  timeMs: number;
  /** Its directory of part files, relative to the checkpoint directory (absolute if outside). */
  dir: string;
  numPartitions: number;
  /** Whether it was placed by a HashPartitioner (restored as one, so joins and state skip a shuffle). */
  hashPartitioned: boolean;
}

/** One stream of the graph, as recorded in the metadata. */
export interface StreamCheckpoint {
  /** Its position in DStreamGraph.allStreams(): depth first from the outputs, in definition order. */
  position: number;
  /** Class name and scope identify the stream, so a graph built by changed code is detected. */
  className: string;
  scope: string;
  /** The stream's checkpointed RDDs that it still remembers. */
  rdds: CheckpointedRDD[];
  /** An input stream's own data (InputDStream.checkpointData: files taken, offsets, ids). */
  input?: unknown;
}

/**
 * A metadata checkpoint (Spark's `Checkpoint`): what a restarted process needs besides the code to
 * resume a stream. The graph itself is not in it — JS closures are code, not data — so
 * `StreamingContext.getOrCreate` rebuilds the graph by running `create` again and matches the
 * streams by position.
 */
export interface Checkpoint {
  version: number;
  batchDurationMs: number;
  zeroTimeMs: number;
  /** The latest batch whose jobs all finished. */
  checkpointTimeMs: number;
  /** Batches generated but not finished when the file was written. */
  pendingTimesMs: number[];
  streams: StreamCheckpoint[];
}

/**
 * The metadata of `graph` once batch `checkpointTime` has finished. Only RDD checkpoints that are
 * fully written are referenced: an RDD reports a checkpoint file only after its last part file
 * was renamed into place.
 */
export function captureCheckpoint(
  graph: DStreamGraph,
  checkpointTime: Time,
  pendingTimes: Time[],
  checkpointDir: string,
): Checkpoint {
  const streams = graph.allStreams().map((s, position): StreamCheckpoint => {
    const rdds: CheckpointedRDD[] = [];
    for (const [timeMs, rdd] of s.generatedRDDs) {
      const dir = checkpointDirOf(rdd);
      if (!dir) continue;
      rdds.push({
        timeMs,
        dir: relativeTo(checkpointDir, dir),
        numPartitions: rdd.numPartitions,
        hashPartitioned: rdd.partitioner instanceof HashPartitioner,
      });
    }
    rdds.sort((a, b) => a.timeMs - b.timeMs);
    const input = graph.inputStreams.find((i) => i === s)?.checkpointData();
    return {
      position,
      className: s.constructor.name,
      scope: s.scope,
      rdds,
      ...(input === undefined ? {} : { input }),
    };
  });
  return {
    version: CHECKPOINT_FORMAT_VERSION,
    batchDurationMs: graph.batchDuration.milliseconds,
    zeroTimeMs: graph.zeroTime!.milliseconds,
    checkpointTimeMs: checkpointTime.milliseconds,
    pendingTimesMs: pendingTimes.map((t) => t.milliseconds).sort((a, b) => a - b),
    streams,
  };
}

/**
 * Where an RDD's data is saved: its own checkpoint once written, or — for an RDD restored from a
 * checkpoint, which *is* the saved data — the directory it reads. Without the second case a
 * recovered stream would drop its restored state from the next metadata file, and a second crash
 * before the next state checkpoint would lose it.
 */
function checkpointDirOf(rdd: RDD<unknown>): string | undefined {
  return rdd.getCheckpointFile() ?? rdd.checkpointFile;
}

/** Relative paths keep a checkpoint directory valid when it is moved or copied as a whole. */
function relativeTo(base: string, dir: string): string {
  const rel = path.relative(base, dir);
  return rel.startsWith("..") || path.isAbsolute(rel) ? dir : rel;
}
