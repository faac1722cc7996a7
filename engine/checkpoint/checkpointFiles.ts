import * as fs from "node:fs";
import * as path from "node:path";

/** A metadata file's name: `checkpoint-<batch time in ms>`, as in Spark. */
const METADATA_FILE = /^checkpoint-(\d+)$/;

/** A metadata file in a checkpoint directory and the batch time it was written for. */
export interface CheckpointFile {
  path: string;
  timeMs: number;
}

/** The name of the metadata file for the batch at `timeMs`. */
export function checkpointFileName(timeMs: number): string {
  return `checkpoint-${timeMs}`;
}

/**
 * The metadata files in `dir`, newest first; none if the directory does not exist. Temporary
 * files (a write cut short) do not match the name, so they are never mistaken for checkpoints.
 */
export function listCheckpointFiles(dir: string): CheckpointFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const files: CheckpointFile[] = [];
  for (const name of names) {
    const m = METADATA_FILE.exec(name);
    if (m) files.push({ path: path.join(dir, name), timeMs: Number(m[1]) });
  }
  return files.sort((a, b) => b.timeMs - a.timeMs);
}
