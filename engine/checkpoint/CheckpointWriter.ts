import * as fs from "node:fs";
import * as path from "node:path";
import { CheckpointError, errorMessage } from "../errors";
import type { Checkpoint } from "./Checkpoint";
import { checkpointFileName, listCheckpointFiles } from "./checkpointFiles";

/**
 * Writes metadata checkpoints to `checkpoint-<time>` files in a directory: each through a
 * temporary file and a rename, so a crash mid-write never leaves a half-written file under a
 * checkpoint's name, and keeps only the newest two — the one just written and the one before it,
 * to fall back on if the newest turns out unreadable.
 *
 * "The one before" is the previous file this writer wrote (or, for a recovered context, the file
 * it recovered from). Every other metadata file is removed, including ones with *later* times left
 * by an earlier run: a context that starts over must not be shadowed by stale state on recovery.
 *
 * The RDD checkpoints (state, windows) that only a removed metadata file referenced are deleted
 * with it, as Spark's DStreamCheckpointData.cleanup does: no restart can read them any more, and
 * a stream that checkpoints state every 10 batches would otherwise fill the disk.
 *
 * @example
 * const writer = new CheckpointWriter("/tmp/ckpt");
 * writer.write(captureCheckpoint(ssc.graph, new Time(5000), [], "/tmp/ckpt")); // checkpoint-5000
 */
export class CheckpointWriter {
  private previous: string | undefined;
  /** The RDD directories referenced by the kept metadata files, oldest first (at most two). */
  private readonly referenced: Set<string>[] = [];

  constructor(
    readonly dir: string,
    /** The metadata file a recovered context started from: kept as the fallback until replaced. */
    recoveredFrom?: string,
  ) {
    this.previous = recoveredFrom;
    if (recoveredFrom) this.referenced.push(this.rddDirsOf(readQuietly(recoveredFrom)));
  }

  /** Writes `checkpoint` atomically and returns the file's path. Throws CheckpointError on failure. */
  write(checkpoint: Checkpoint): string {
    const file = path.join(this.dir, checkpointFileName(checkpoint.checkpointTimeMs));
    const tmp = `${file}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const fd = fs.openSync(tmp, "w");
      try {
        fs.writeFileSync(fd, `${JSON.stringify(checkpoint)}\n`);
        // On disk before the rename makes it visible: a power cut must not leave an empty file
        // under the final name (a killed process alone would not need this).
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // Whatever is in the way stays; its name never matches a checkpoint, so readers skip it.
      }
      throw new CheckpointError(
        `Could not write the metadata checkpoint ${file}: ${errorMessage(e)}. The stream goes on, but a ` +
          "restart would resume from an older checkpoint. Fix: make sure the checkpoint directory is " +
          "writable and the disk has space.",
      );
    }
    this.prune(file);
    this.previous = file;
    this.referenced.push(this.rddDirsOf(checkpoint));
    if (this.referenced.length > 2) this.deleteUnreferenced(this.referenced.shift()!);
    return file;
  }

  /** Deletes the RDD checkpoints in `dirs` that no kept metadata file references. */
  private deleteUnreferenced(dirs: Set<string>): void {
    for (const d of dirs) {
      if (this.referenced.some((kept) => kept.has(d))) continue;
      // Only directories this writer's checkpoints point into, never anything outside it.
      if (!d.startsWith(this.dir + path.sep)) continue;
      fs.rmSync(d, { recursive: true, force: true });
    }
  }

  private rddDirsOf(checkpoint: Checkpoint | undefined): Set<string> {
    const dirs = new Set<string>();
    for (const s of checkpoint?.streams ?? [])
      for (const r of s.rdds) dirs.add(path.resolve(this.dir, r.dir));
    return dirs;
  }

  private prune(current: string): void {
    for (const f of listCheckpointFiles(this.dir)) {
      if (f.path !== current && f.path !== this.previous) fs.rmSync(f.path, { force: true });
    }
  }
}

function readQuietly(file: string): Checkpoint | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Checkpoint;
  } catch {
    return undefined; // a recovered-from file that vanished: its RDDs are simply not cleaned up
  }
}
