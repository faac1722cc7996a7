import * as path from "node:path";
import { CheckpointError, errorMessage } from "../errors";
import type { StreamingContext } from "../streaming/StreamingContext";
import { type LoadedCheckpoint, readLatestCheckpoint } from "./readLatestCheckpoint";
import { restoreCheckpoint } from "./restoreCheckpoint";

export interface GetOrCreateOptions {
  /**
   * When the checkpoint cannot be used (unreadable, or written by a different graph), return a new
   * context from `create` instead of throwing — it starts over and replaces the checkpoint. Default
   * false, as in Spark: losing saved state silently is rarely what you want.
   */
  createOnError?: boolean;
  /** Where warnings go (a corrupt newest file skipped, createOnError used). Default console.warn. */
  warn?: (message: string) => void;
}

/** See StreamingContext.getOrCreate, which is this. */
export function getOrCreate(
  checkpointDir: string,
  create: () => StreamingContext,
  options: GetOrCreateOptions = {},
): StreamingContext {
  const dir = path.resolve(checkpointDir);
  const warn = options.warn ?? ((m: string) => console.warn(`[dstream-lab] ${m}`));
  let loaded: LoadedCheckpoint | undefined;
  try {
    loaded = readLatestCheckpoint(dir, warn);
  } catch (e) {
    if (!(options.createOnError && e instanceof CheckpointError)) throw e;
    warn(`${errorMessage(e)} Starting a new context instead (createOnError).`);
    return create();
  }
  if (!loaded) return create();
  const ssc = create();
  // create() is expected to call ssc.checkpoint(dir); if it did not, the recovered context goes on
  // checkpointing where it recovered from.
  if (!ssc.sc.checkpointDir) ssc.checkpoint(dir);
  let plan: ReturnType<typeof restoreCheckpoint>;
  try {
    plan = restoreCheckpoint(ssc, loaded, dir);
  } catch (e) {
    if (!(options.createOnError && e instanceof CheckpointError)) throw e;
    warn(`${errorMessage(e)} Starting over with the new context instead (createOnError).`);
    return ssc;
  }
  ssc.prepareRestart(plan, loaded.file);
  return ssc;
}
