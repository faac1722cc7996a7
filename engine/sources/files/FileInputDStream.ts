import * as fs from "node:fs";
import * as path from "node:path";
import { InputDStream, type InputRecovery } from "../../dstream/internal";
import { CheckpointError, errorMessage, IllegalArgumentError } from "../../errors";
import { type RDD, TextFileRDD } from "../../rdd/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";
import type { Duration } from "../../time/Duration";
import type { Time } from "../../time/Time";
import { countLines } from "./countLines";
import { directoryProblem } from "./directoryProblem";
import { findNewFiles } from "./findNewFiles";

/** What a FileInputDStream needs besides the directory (see TextFileStreamOptions). */
export interface FileInputDStreamOptions {
  newFilesOnly: boolean;
  minRememberDuration: Duration;
  filter: ((file: string) => boolean) | undefined;
}

/** What a FileInputDStream saves in a metadata checkpoint. */
interface FileStreamCheckpointData {
  directory: string;
  initialIgnoreThresholdMs: number;
  batches: { timeMs: number; files: string[] }[];
}

/** A file of a batch that could not be read: it is left out of the batch, with the reason. */
interface SkippedFile {
  file: string;
  reason: string;
}

/**
 * The lines of the files that appear in a directory (Spark's FileInputDStream, behind
 * `ssc.textFileStream`): the batch at time t takes every file modified in its interval — more
 * precisely, modified at or before t, after the ignore threshold, and not taken by a remembered
 * batch — so each file is in exactly one batch, one partition per file. No receiver: the
 * directory is the source, and the files each batch took are saved in metadata checkpoints, so a
 * batch re-run after a crash takes exactly the same files.
 *
 * The ignore threshold is the later of the start time (with newFilesOnly) and t minus the remember
 * window (minRememberDuration rounded up to whole batches): a file that turns up late is still
 * taken by the next batch while it is inside the window, and only the files of the batches in the
 * window need remembering.
 *
 * @example
 * const lines = new FileInputDStream(ssc, "/data/incoming", {
 *   newFilesOnly: true, minRememberDuration: Seconds(60), filter: undefined,
 * }); // what ssc.textFileStream("/data/incoming") makes
 */
export class FileInputDStream extends InputDStream<string> {
  readonly directory: string;
  /** How far back a file may be modified and still be new (Spark's durationToRemember). */
  readonly rememberWindow: Duration;
  private readonly newFilesOnly: boolean;
  private readonly fileFilter: ((file: string) => boolean) | undefined;
  /** Files modified at or before this are never taken (start time with newFilesOnly, else 0). */
  private initialIgnoreThresholdMs: number | undefined;
  private readonly batchTimeToSelectedFiles = new Map<number, string[]>();
  private readonly recentlySelectedFiles = new Set<string>();
  /** The latest batch that listed the directory; batches are listed once, in time order. */
  private lastListedMs = Number.NEGATIVE_INFINITY;

  constructor(ssc: StreamingContext, directory: string, options: FileInputDStreamOptions) {
    super(ssc, "textFileStream");
    this.directory = path.resolve(directory);
    this.newFilesOnly = options.newFilesOnly;
    this.fileFilter = options.filter;
    const batch = ssc.batchDuration;
    this.rememberWindow = batch.times(Math.max(1, Math.ceil(options.minRememberDuration.div(batch))));
    // The batches of the window must stay remembered for their files to stay taken. initialize()
    // and remember() only ever raise this, so the window is the least it becomes.
    this.rememberDuration = this.rememberWindow;
  }

  /** The files are still there after a crash, and the checkpoint says which batch took which. */
  get recovery(): InputRecovery {
    return "replayable";
  }

  override start(): void {
    // Already set when recovered: the threshold of the first run still applies to its files.
    this.initialIgnoreThresholdMs ??= this.newFilesOnly ? this.ssc.clock.now() : 0;
  }

  protected compute(validTime: Time): RDD<string> {
    const t = validTime.milliseconds;
    // A batch re-run after recovery (or recomputed to rebuild state) takes the files it took.
    const remembered = this.batchTimeToSelectedFiles.get(t);
    if (remembered) return this.filesToRDD(validTime, remembered).rdd;
    // A past batch forgotten, or a future one: its files are, or will be, another batch's. Only
    // the batch being generated lists the directory (not judged by the clock: a timer may fire a
    // millisecond before its batch time).
    const generating = this.ssc.scheduler.lastGeneratedTime?.milliseconds;
    if (t <= this.lastListedMs || t !== generating) return this.ssc.sc.emptyRDD();
    const found = this.listNewFiles(t);
    this.lastListedMs = t;
    const { rdd, read } = this.filesToRDD(validTime, found);
    // A file that could not be read is not taken: once readable, a later batch takes it.
    this.batchTimeToSelectedFiles.set(t, read);
    for (const f of read) this.recentlySelectedFiles.add(f);
    return rdd;
  }

  /** @internal Forgets the files of batches older than rememberDuration, with their RDDs. */
  override clearMetadata(time: Time, forgotten: RDD<unknown>[] = []): RDD<unknown>[] {
    // Safe: a batch older than the remember window took only files modified before it, and every
    // later batch ignores those anyway (their modification time is below its threshold).
    const oldest = time.milliseconds - this.rememberDuration!.milliseconds;
    for (const [t, files] of this.batchTimeToSelectedFiles) {
      if (t >= oldest) continue;
      this.batchTimeToSelectedFiles.delete(t);
      for (const f of files) this.recentlySelectedFiles.delete(f);
    }
    return super.clearMetadata(time, forgotten);
  }

  override checkpointData(): FileStreamCheckpointData {
    return {
      directory: this.directory,
      initialIgnoreThresholdMs: this.initialIgnoreThresholdMs ?? 0,
      batches: [...this.batchTimeToSelectedFiles]
        .sort(([a], [b]) => a - b)
        .map(([timeMs, files]) => ({ timeMs, files })),
    };
  }

  override restoreCheckpointData(data: unknown): void {
    const saved = data as Partial<FileStreamCheckpointData> | null;
    if (!saved || typeof saved.initialIgnoreThresholdMs !== "number" || !Array.isArray(saved.batches)) {
      throw new CheckpointError(
        `textFileStream: the checkpoint's data for ${this.directory} is not in the expected format. ` +
          "Fix: delete the checkpoint directory to start over.",
      );
    }
    if (saved.directory !== this.directory) {
      throw new CheckpointError(
        `textFileStream: the checkpoint was written for the directory ${saved.directory}, but create() now ` +
          `reads ${this.directory}; its saved batches name files of the other directory. Fix: read the same ` +
          "directory, or delete the checkpoint directory to start over.",
      );
    }
    this.initialIgnoreThresholdMs = saved.initialIgnoreThresholdMs;
    for (const { timeMs, files } of saved.batches) {
      this.batchTimeToSelectedFiles.set(timeMs, files);
      for (const f of files) this.recentlySelectedFiles.add(f);
      this.lastListedMs = Math.max(this.lastListedMs, timeMs);
    }
  }

  private listNewFiles(t: number): string[] {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.directory, { withFileTypes: true });
    } catch (e) {
      const { problem, fix } = directoryProblem(this.directory, e);
      throw new IllegalArgumentError(
        `textFileStream: ${problem}, so the batch at ${t} ms cannot list its files. Batches fail until ` +
          "it can be listed again; the files written meanwhile are then taken if they were modified " +
          `within the last ${this.rememberWindow.milliseconds} ms (the remember window). Fix: ${fix}.`,
      );
    }
    return findNewFiles(this.directory, entries, {
      currentTimeMs: t,
      ignoreThresholdMs: Math.max(this.initialIgnoreThresholdMs ?? 0, t - this.rememberWindow.milliseconds),
      isTaken: (f) => this.recentlySelectedFiles.has(f),
      filter: this.fileFilter,
    });
  }

  /**
   * The batch's RDD over `files` (one partition each), reported with its line count. A file that
   * cannot be read now (deleted since it was listed or since the batch that is being re-run) is
   * left out and named in the batch's input metadata rather than failing the batch.
   */
  private filesToRDD(time: Time, files: string[]): { rdd: RDD<string>; read: string[] } {
    const read: string[] = [];
    const skipped: SkippedFile[] = [];
    let lines = 0;
    for (const file of files) {
      try {
        lines += countLines(file);
        read.push(file);
      } catch (e) {
        skipped.push({
          file,
          reason: `could not be read, so its lines are not in this batch: ${errorMessage(e)}`,
        });
      }
    }
    this.reportInput(time, lines, { metadata: { files: read, ...(skipped.length > 0 ? { skipped } : {}) } });
    const rdd = read.length === 0 ? this.ssc.sc.emptyRDD<string>() : new TextFileRDD(this.ssc.sc, read, 1);
    return { rdd, read };
  }
}
