import * as fs from "node:fs";
import * as path from "node:path";
import { CheckpointError, errorMessage } from "../errors";
import { checkpointPartFile } from "../rdd/internal";
import { CHECKPOINT_FORMAT_VERSION, type Checkpoint, type CheckpointedRDD } from "./Checkpoint";
import { listCheckpointFiles } from "./checkpointFiles";

/** A metadata checkpoint and the file it was read from. */
export interface LoadedCheckpoint {
  file: string;
  checkpoint: Checkpoint;
}

/**
 * The newest usable metadata checkpoint in `dir`, or undefined when there is none at all. A file
 * that cannot be read, does not parse, has another format version, or references RDD checkpoint
 * files that are missing is skipped for the one before it (with a warning); if every file is
 * unusable, a CheckpointError names them and the fix.
 *
 * @example
 * const latest = readLatestCheckpoint("/tmp/ckpt");
 * latest?.checkpoint.checkpointTimeMs; // the last batch that finished, e.g. 5000
 */
export function readLatestCheckpoint(
  dir: string,
  warn: (message: string) => void = () => {},
): LoadedCheckpoint | undefined {
  const files = listCheckpointFiles(dir);
  const problems: string[] = [];
  for (const f of files) {
    try {
      const checkpoint = parseCheckpoint(fs.readFileSync(f.path, "utf8"), dir);
      if (problems.length > 0) {
        warn(`Skipped unusable checkpoint ${problems.join("; ")}; recovering from ${f.path} instead.`);
      }
      return { file: f.path, checkpoint };
    } catch (e) {
      problems.push(`${f.path} (${errorMessage(e)})`);
    }
  }
  if (files.length === 0) return undefined;
  throw new CheckpointError(
    `No usable checkpoint in ${dir}: ${problems.join("; ")}. Fix: delete the directory ${dir} to start ` +
      "over without the saved state, or restore its files from a backup; or pass { createOnError: true } " +
      "to StreamingContext.getOrCreate to start a new context when the checkpoint cannot be used.",
  );
}

/** Parses and checks one metadata file; throws with the reason it cannot be used. */
export function parseCheckpoint(text: string, dir: string): Checkpoint {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${errorMessage(e)}`);
  }
  const cp = data as Checkpoint;
  if (typeof cp !== "object" || cp === null) throw new Error("not a checkpoint object");
  if (cp.version !== CHECKPOINT_FORMAT_VERSION) {
    throw new Error(
      `format version ${String(cp.version)}, but this engine reads ${CHECKPOINT_FORMAT_VERSION}`,
    );
  }
  for (const key of ["batchDurationMs", "zeroTimeMs", "checkpointTimeMs"] as const) {
    if (!Number.isInteger(cp[key])) throw new Error(`${key} is missing or not a whole number`);
  }
  if (!Array.isArray(cp.pendingTimesMs) || !cp.pendingTimesMs.every(Number.isInteger)) {
    throw new Error("pendingTimesMs is not a list of times");
  }
  if (!Array.isArray(cp.streams)) throw new Error("streams is missing");
  cp.streams.forEach((s, i) => {
    if (s?.position !== i || typeof s.className !== "string" || typeof s.scope !== "string") {
      throw new Error(`stream entry ${i} is malformed`);
    }
    if (!Array.isArray(s.rdds)) throw new Error(`stream entry ${i} has no RDD list`);
    for (const r of s.rdds) requireRDDFiles(r, dir, i);
  });
  return cp;
}

/**
 * An RDD checkpoint referenced by the metadata must be complete: every part file in place. A
 * missing one would otherwise fail only later, in the middle of the first recovered batch.
 */
function requireRDDFiles(r: CheckpointedRDD, dir: string, stream: number): void {
  if (!Number.isInteger(r?.timeMs) || typeof r.dir !== "string" || !Number.isInteger(r.numPartitions)) {
    throw new Error(`an RDD entry of stream ${stream} is malformed`);
  }
  const rddDir = path.resolve(dir, r.dir);
  for (let i = 0; i < r.numPartitions; i++) {
    const part = checkpointPartFile(rddDir, i);
    if (!fs.existsSync(part)) throw new Error(`the RDD checkpoint file ${part} is missing`);
  }
}
