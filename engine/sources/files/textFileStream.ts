import * as fs from "node:fs";
import * as path from "node:path";
import type { InputDStream } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { type Duration, requireDuration, Seconds } from "../../time/Duration";
import { directoryProblem } from "./directoryProblem";
import { FileInputDStream } from "./FileInputDStream";

/** Options of ssc.textFileStream. */
export interface TextFileStreamOptions {
  /**
   * Only files modified after the context starts (default true, as Spark's newFilesOnly). With
   * false, the first batch also takes the files already there, if modified within the remember
   * window.
   */
  newFilesOnly?: boolean;
  /**
   * How long a file may take to appear after it was last modified and still be taken (Spark's
   * minRememberDuration, default 60 s), rounded up to whole batches. Files modified longer ago
   * are ignored, so only the files of the batches in this window are remembered.
   */
  minRememberDuration?: Duration;
  /**
   * Which files to take, given a file's absolute path — in addition to the default filter, which
   * skips names starting with "." or "_" (files still being written, `_SUCCESS` markers).
   * @example { filter: (file) => file.endsWith(".csv") }
   */
  filter?: (file: string) => boolean;
}

/**
 * The lines of each new file in `directory` (Spark's textFileStream), one partition per file:
 * the batch at time t takes the files modified in (t − interval, t] — each file in exactly one
 * batch — and reports how many lines they hold and which files they are (the input's metadata
 * `files`, shown by the monitor). It is a replayable input with no receiver: with a checkpoint
 * directory, StreamingContext.getOrCreate re-runs a crashed batch with exactly the files it took.
 *
 * Files are taken by modification time, so a file must be complete when it appears. Write it
 * elsewhere — another directory on the same file system, or a name starting with "." in this one,
 * which is ignored — then rename it into place: a rename is atomic and keeps the modification time.
 * Names starting with "." or "_" and subdirectories are ignored.
 *
 * The directory must exist when the stream is defined (otherwise an IllegalArgumentError names it
 * and the fix). If it disappears or becomes unreadable later, each batch until it is back fails
 * with that error (the monitor and listeners show it) and the context keeps running; files
 * written meanwhile are taken once it is back, if they are inside the remember window.
 *
 * What it loses, by design (as Spark's): a file that appears when its modification time is
 * already older than the remember window (`minRememberDuration`, 60 s) — moved in late, or copied
 * with its original time; touch it after moving it in — and, with `newFilesOnly`, files modified
 * before the start; lines appended to a file after its batch took it (a file is read once; a file
 * renamed within the directory is a new file); and the lines of a file deleted or unreadable when
 * its batch reads it (left out of the batch and named under `skipped` in the batch's input
 * metadata). A file deleted after its batch was planned but before it ran fails that batch's jobs.
 *
 * On a ManualClock the batches are at virtual times (from 0 by default) while modification times
 * are real: set them to the clock's times with fs.utimesSync for files to land in its batches.
 *
 * Each batch counts the lines of its files when it is generated (a pass over their bytes, so the
 * monitor shows records per batch); the job then reads them, mostly from the OS page cache.
 *
 * @example
 * const counts = ssc.textFileStream("/data/incoming").flatMap((l) => l.split(" ")).countByValue();
 * counts.print();
 * ssc.start();
 * // The producer: write under a hidden name, then rename into place.
 * fs.writeFileSync("/data/incoming/.part-0001.txt", "to be or not to be\n");
 * fs.renameSync("/data/incoming/.part-0001.txt", "/data/incoming/part-0001.txt");
 */
export function textFileStream(
  ssc: StreamingContext,
  directory: string,
  options: TextFileStreamOptions = {},
): InputDStream<string> {
  if (typeof directory !== "string" || directory === "") {
    throw new IllegalArgumentError(
      `textFileStream needs the path of a directory; got ${JSON.stringify(directory)}. ` +
        'Fix: pass the directory new files are written into, e.g. ssc.textFileStream("data/incoming").',
    );
  }
  if (options.filter !== undefined && typeof options.filter !== "function") {
    throw new IllegalArgumentError(
      "textFileStream's filter must be a function from a file's path to a boolean. " +
        'Fix: e.g. { filter: (file) => file.endsWith(".txt") }.',
    );
  }
  const dir = path.resolve(directory);
  // Checked now (Spark checks at the first batch): the notebook cell with the typo should fail.
  try {
    fs.readdirSync(dir);
  } catch (e) {
    const { problem, fix } = directoryProblem(dir, e);
    throw new IllegalArgumentError(`textFileStream: ${problem}. Fix: ${fix}.`);
  }
  return new FileInputDStream(ssc, dir, {
    newFilesOnly: options.newFilesOnly ?? true,
    minRememberDuration: requireDuration(
      options.minRememberDuration ?? Seconds(60),
      "textFileStream's minRememberDuration",
    ),
    filter: options.filter,
  });
}
