import * as path from "node:path";
import { HashPartitioner, readCheckpoint } from "../rdd/internal";
import type { RestartPlan } from "../streaming/JobGenerator";
import type { StreamingContext } from "../streaming/StreamingContext";
import { Time } from "../time/Time";
import type { LoadedCheckpoint } from "./readLatestCheckpoint";
import { verifyCheckpointGraph } from "./verifyCheckpointGraph";

/**
 * Puts the state of a metadata checkpoint into the graph `create()` rebuilt: each stream gets its
 * checkpointed RDDs back (read lazily from their part files) and each input its own data, and the
 * returned plan tells the JobGenerator to keep the old zero time and re-run what the checkpoint had
 * not finished.
 * Verifies the graph first, so a mismatch changes nothing.
 */
export function restoreCheckpoint(ssc: StreamingContext, loaded: LoadedCheckpoint, dir: string): RestartPlan {
  verifyCheckpointGraph(ssc, loaded, dir);
  const cp = loaded.checkpoint;
  const inputs = ssc.graph.inputStreams;
  ssc.graph.allStreams().forEach((stream, i) => {
    const saved = cp.streams[i]!;
    const input = inputs.find((s) => s === stream);
    if (input && saved.input !== undefined) input.restoreCheckpointData(saved.input);
    for (const r of saved.rdds) {
      const partitioner = r.hashPartitioned ? new HashPartitioner(r.numPartitions, stream.scope) : undefined;
      const rdd = readCheckpoint<any>(ssc.sc, path.resolve(dir, r.dir), r.numPartitions, partitioner);
      // Cached like the RDD it stands for, so later batches do not re-read the files.
      if (stream.storageLevel !== "NONE") rdd.persist(stream.storageLevel);
      stream.generatedRDDs.set(r.timeMs, rdd);
    }
  });
  return {
    zeroTime: new Time(cp.zeroTimeMs),
    checkpointTime: new Time(cp.checkpointTimeMs),
    pendingTimes: cp.pendingTimesMs.map((t) => new Time(t)),
  };
}
