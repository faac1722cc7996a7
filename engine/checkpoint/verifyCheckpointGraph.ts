import { CheckpointError } from "../errors";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { LoadedCheckpoint } from "./readLatestCheckpoint";

/**
 * Throws a CheckpointError unless the context `create()` returned can resume from the checkpoint:
 * not started, no input that cannot be recovered (a queueStream), the same batch duration, and the same streams (class and scope) at
 * every position of the graph. Streams are matched by position because the graph is rebuilt by
 * running code again; a changed graph would attach saved state to the wrong stream.
 */
export function verifyCheckpointGraph(ssc: StreamingContext, loaded: LoadedCheckpoint, dir: string): void {
  const { checkpoint: cp, file } = loaded;
  const fix =
    `Fix: delete the checkpoint directory ${dir} to start over without the saved state, or restore ` +
    "the code that wrote the checkpoint.";
  if (ssc.getState() !== "INITIALIZED") {
    throw new CheckpointError(
      `StreamingContext.getOrCreate: create() returned a context that is ${ssc.getState()}, but recovery must ` +
        "restore its state before it starts. Fix: define the graph in create() and call start() on the result " +
        "of getOrCreate.",
    );
  }
  const unrecoverable = ssc.graph.inputStreams.find((s) => s.recovery === "none");
  if (unrecoverable) {
    throw new CheckpointError(
      `${unrecoverable.scope} doesn't support checkpointing: its data lives in memory, so the batches since the ` +
        `checkpoint ${file} cannot be replayed. Fix: use a replayable source (e.g. ssc.generatorStream) for a ` +
        `recoverable stream, or delete the checkpoint directory ${dir} to start over.`,
    );
  }
  if (ssc.batchDuration.milliseconds !== cp.batchDurationMs) {
    throw new CheckpointError(
      `The checkpoint ${file} was written with a batch duration of ${cp.batchDurationMs} ms, but create() ` +
        `made a context with ${ssc.batchDuration.milliseconds} ms. ${fix}`,
    );
  }
  const streams = ssc.graph.allStreams();
  const describe = (className: string, scope: string) => `${className} (${scope})`;
  const n = Math.max(streams.length, cp.streams.length);
  for (let i = 0; i < n; i++) {
    const saved = cp.streams[i];
    const now = streams[i];
    if (saved && now && saved.className === now.constructor.name && saved.scope === now.scope) continue;
    const was = saved ? describe(saved.className, saved.scope) : "absent";
    const is = now ? describe(now.constructor.name, now.scope) : "absent";
    const counts =
      streams.length === cp.streams.length
        ? ""
        : ` (the checkpoint has ${cp.streams.length} streams, the new graph ${streams.length})`;
    throw new CheckpointError(
      `The graph create() built does not match the checkpoint ${file}: stream ${i} (depth first from the ` +
        `outputs) was ${was} and is now ${is}${counts}. The saved state belongs to the old graph. ${fix}`,
    );
  }
}
