import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  BatchContext,
  type BatchInfo,
  CheckpointError,
  type Clock,
  type DStream,
  IllegalArgumentError,
  InvalidDurationError,
  ManualClock,
  Milliseconds,
  Seconds,
  StreamingContext,
  type TextFileStreamOptions,
  Time,
} from "../../../../engine";
import { collectBatches, deferred, FiringClock, manualContext, tempDir } from "../../../helpers/testStreams";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/**
 * Writes `lines` (newline-terminated) to dir/name and sets its modification time to `mtimeMs` on
 * the test's clock, so the batch it lands in is known. Returns its absolute path.
 */
function writeFile(dir: string, name: string, lines: string[], mtimeMs: number): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
  setMtime(file, mtimeMs);
  return file;
}

function setMtime(file: string, mtimeMs: number): void {
  fs.utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
}

interface Batch {
  time: number;
  records: string[];
  partitions: string[][];
}

/** Every batch of `stream`: its records and, per partition, its records (one partition per file). */
function collect(stream: DStream<string>): Batch[] {
  const out: Batch[] = [];
  stream.foreachRDD((rdd, time) => {
    const partitions = rdd.glom().collect();
    out.push({ time: time.milliseconds, records: partitions.flat(), partitions });
  });
  return out;
}

/** What the input reported for each batch: its line count and the names of its files. */
function inputs(infos: BatchInfo[]): { time: number; numRecords: number; files: string[] }[] {
  return infos.map((b) => {
    const input = [...b.streamIdToInputInfo.values()][0]!;
    const files = ((input.metadata?.files ?? []) as string[]).map((f) => path.basename(f));
    return { time: b.batchTime.milliseconds, numRecords: input.numRecords, files };
  });
}

/** A context reading `dir` on `clock`, checkpointing to `ckpt`, its batches collected in `out`. */
function fileCount(
  clock: Clock,
  dir: string,
  ckpt: string,
  out: Batch[],
  hold?: { batchMs: number; until: Promise<void> },
  options?: TextFileStreamOptions,
) {
  return () => {
    const ssc = new StreamingContext(new BatchContext({ parallelism: 2 }), Seconds(1), {
      clock,
      checkpointDir: ckpt,
      logErrors: false,
    });
    ssc.textFileStream(dir, options).foreachRDD(async (rdd, time) => {
      if (time.milliseconds === hold?.batchMs) await hold.until;
      const partitions = rdd.glom().collect();
      out.push({ time: time.milliseconds, records: partitions.flat(), partitions });
    });
    return ssc;
  };
}

describe("textFileStream: each new file in the batch of its modification time", () => {
  it("takes every file in the batch whose interval holds its modification time, exactly once", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-");
    writeFile(dir, "a.txt", ["a1", "a2"], 500);
    writeFile(dir, "b.txt", ["b1"], 1000); // (0, 1000]: the end of an interval belongs to it
    writeFile(dir, "c.txt", ["c1"], 1001);
    writeFile(dir, "d.txt", ["d1", "d2", "d3"], 2999);
    const out = collect(ssc.textFileStream(dir));
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    writeFile(dir, "e.txt", ["e1"], 4500); // written while the stream runs
    await clock.advance(Seconds(3));

    expect(out.map((b) => [b.time, b.records])).toEqual([
      [1000, ["a1", "a2", "b1"]],
      [2000, ["c1"]],
      [3000, ["d1", "d2", "d3"]],
      [4000, []],
      [5000, ["e1"]],
      [6000, []],
    ]);
    // One partition per file; the monitor gets each batch's line count and files.
    expect(out[0]!.partitions).toEqual([["a1", "a2"], ["b1"]]);
    expect(inputs(infos)).toEqual([
      { time: 1000, numRecords: 3, files: ["a.txt", "b.txt"] },
      { time: 2000, numRecords: 1, files: ["c.txt"] },
      { time: 3000, numRecords: 3, files: ["d.txt"] },
      { time: 4000, numRecords: 0, files: [] },
      { time: 5000, numRecords: 1, files: ["e.txt"] },
      { time: 6000, numRecords: 0, files: [] },
    ]);
  });

  it("over many batches with a short remember window, takes each file once and remembers only the window", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-many-");
    const stream = ssc.textFileStream(dir, { minRememberDuration: Seconds(2) });
    const out = collect(stream);
    const remembered: number[] = [];
    stream.foreachRDD(() => {
      remembered.push((stream.checkpointData() as { batches: unknown[] }).batches.length);
    });
    ssc.start();
    for (let i = 0; i < 12; i++) {
      // Two files per interval, and the files of every earlier batch still in the directory.
      writeFile(dir, `f${i}-x.txt`, [`x${i}`], i * 1000 + 1);
      writeFile(dir, `f${i}-y.txt`, [`y${i}`], i * 1000 + 999);
      await clock.advance(Seconds(1));
    }
    expect(out.map((b) => b.records)).toEqual(Array.from({ length: 12 }, (_, i) => [`x${i}`, `y${i}`]));
    // The files of batches older than the window are forgotten (no later batch could take them).
    // At most the window's 2 batches, the one running and the one before it (forgotten once it is done).
    expect(Math.max(...remembered)).toBeLessThanOrEqual(4);
  });

  it("reads each file's lines as sc.textFile does: \\r\\n, a last line without newline, empty files", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-lines-");
    for (const [name, text] of [
      ["1.txt", "x\r\ny"],
      ["2.txt", ""],
      ["3.txt", "z\n\n"],
    ]) {
      fs.writeFileSync(path.join(dir, name!), text!);
      setMtime(path.join(dir, name!), 700);
    }
    const out = collect(ssc.textFileStream(dir));
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    expect(out[0]!.partitions).toEqual([["x", "y"], [], ["z", ""]]);
    expect(inputs(infos)[0]).toEqual({ time: 1000, numRecords: 4, files: ["1.txt", "2.txt", "3.txt"] });
  });

  it("ignores dot-files, names starting with _ and subdirectories; a filter narrows what is left", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-hidden-");
    writeFile(dir, ".part-0001.txt", ["being written"], 500);
    writeFile(dir, "_SUCCESS", ["marker"], 500);
    writeFile(dir, "sub/inner.txt", ["in a subdirectory"], 500);
    setMtime(path.join(dir, "sub"), 500);
    writeFile(dir, "data.csv", ["csv"], 500);
    writeFile(dir, "keep.txt", ["txt"], 500);
    const stream = ssc.textFileStream(dir);
    const all = collect(stream);
    const filtered = collect(ssc.textFileStream(dir, { filter: (f) => f.endsWith(".txt") }));
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    expect(all.map((b) => b.records)).toEqual([["csv", "txt"], [], []]);
    // Not even looked at: no file of the batch was skipped as unreadable.
    expect(infos[0]!.streamIdToInputInfo.get(stream.inputId)?.metadata).toEqual({
      files: [path.join(dir, "data.csv"), path.join(dir, "keep.txt")],
    });
    expect(filtered.map((b) => b.records)).toEqual([["txt"], [], []]);
  });

  it("a past batch asked for again once forgotten (slice) is empty: its files are not taken twice", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-slice-");
    writeFile(dir, "a.txt", ["a"], 500);
    const stream = ssc.textFileStream(dir, { minRememberDuration: Seconds(1) });
    const out = collect(stream);
    ssc.start();
    await clock.advance(Seconds(3));
    expect(stream.generatedRDDs.has(1000)).toBe(false); // forgotten with the files it took
    expect(stream.slice(new Time(1000), new Time(1000)).map((rdd) => rdd.collect())).toEqual([[]]);
    await clock.advance(Seconds(1));
    expect(out.map((b) => b.records)).toEqual([["a"], [], [], []]);
  });

  it("write-then-rename: a file is taken once renamed into place, even after its interval has passed", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-rename-");
    const elsewhere = tempDir("files-staging-");
    const out = collect(ssc.textFileStream(dir));
    ssc.start();
    // Written at 1500 under a hidden name in the directory, and in another directory.
    writeFile(dir, ".a.txt.tmp", ["a1", "a2"], 1500);
    writeFile(elsewhere, "b.txt", ["b1"], 1600);
    await clock.advance(Seconds(2)); // batch 2000 does not see them
    fs.renameSync(path.join(dir, ".a.txt.tmp"), path.join(dir, "a.txt"));
    fs.renameSync(path.join(elsewhere, "b.txt"), path.join(dir, "b.txt"));
    // A rename keeps the modification time (1500): the next batch takes what it missed.
    await clock.advance(Seconds(2));
    expect(out.map((b) => [b.time, b.records])).toEqual([
      [1000, []],
      [2000, []],
      [3000, ["a1", "a2", "b1"]],
      [4000, []],
    ]);
  });

  it("newFilesOnly (the default) ignores the files modified before the start; false takes the recent ones", async () => {
    const dir = tempDir("files-existing-");
    writeFile(dir, "ancient.txt", ["out of the window"], 30_000);
    writeFile(dir, "before.txt", ["before the start"], 99_500);
    writeFile(dir, "after.txt", ["after the start"], 100_500);
    const run = async (options: TextFileStreamOptions) => {
      const clock = new ManualClock(100_000);
      const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock, logErrors: false });
      const out = collect(ssc.textFileStream(dir, options));
      ssc.start();
      await clock.advance(Seconds(3));
      await ssc.stop();
      return out.map((b) => [b.time, b.records]);
    };
    expect(await run({})).toEqual([
      [101_000, ["after the start"]],
      [102_000, []],
      [103_000, []],
    ]);
    // The window reaches back 60 s from batch 101000: ancient.txt (30000) is older than that.
    expect(await run({ newFilesOnly: false })).toEqual([
      [101_000, ["after the start", "before the start"]],
      [102_000, []],
      [103_000, []],
    ]);
  });

  it("ignores a file that appears when it is older than the remember window (rounded up to whole batches)", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-window-");
    const staging = tempDir("files-staging-");
    // 2500 ms rounds up to 3 batches: the batch at 11000 takes files modified after 8000.
    const out = collect(ssc.textFileStream(dir, { minRememberDuration: Milliseconds(2500) }));
    ssc.start();
    await clock.advance(Seconds(10));
    writeFile(staging, "too-old.txt", ["too old"], 8000);
    writeFile(staging, "just-in.txt", ["just in"], 8001);
    for (const f of ["too-old.txt", "just-in.txt"]) fs.renameSync(path.join(staging, f), path.join(dir, f));
    await clock.advance(Seconds(5));
    expect(out.slice(10).map((b) => [b.time, b.records])).toEqual([
      [11_000, ["just in"]],
      [12_000, []],
      [13_000, []],
      [14_000, []],
      [15_000, []],
    ]);
  });

  it("checks its options and the directory when the stream is defined, naming the path and the fix", async () => {
    const { ssc } = await manualContext();
    const dir = tempDir("files-missing-");
    const missing = path.join(dir, "incoming");
    expect(() => ssc.textFileStream(missing)).toThrow(IllegalArgumentError);
    expect(() => ssc.textFileStream(missing)).toThrow(
      `textFileStream: the directory ${missing} does not exist. Fix: create it (fs.mkdirSync(${JSON.stringify(missing)}, { recursive: true })) or correct the path.`,
    );
    const file = writeFile(dir, "a.txt", ["a"], 500);
    expect(() => ssc.textFileStream(file)).toThrow(
      /textFileStream: .*a\.txt is not a directory\. Fix: pass the directory/,
    );
    expect(() => ssc.textFileStream(dir, { filter: "*.txt" as never })).toThrow(/filter must be a function/);
    expect(() => ssc.textFileStream(dir, { minRememberDuration: 60 as never })).toThrow(InvalidDurationError);
  });

  it("a directory removed while running fails its batches with a clear error; the context goes on when it is back", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-vanishing-");
    writeFile(dir, "a.txt", ["a"], 500);
    const out = collect(ssc.textFileStream(dir));
    const errors: string[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e.message) });
    ssc.start();
    await clock.advance(Seconds(1));
    fs.rmSync(dir, { recursive: true });
    await clock.advance(Seconds(1));
    expect(ssc.getState()).toBe("ACTIVE");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^Batch 2000 ms failed in output operation foreachRDD: textFileStream: the directory .* does not exist, so the batch at 2000 ms cannot list its files\..*Fix: create it/,
    );
    // Back, with a file written meanwhile and one just now: both are taken.
    writeFile(dir, "meanwhile.txt", ["meanwhile"], 1900);
    writeFile(dir, "b.txt", ["b"], 2500);
    await clock.advance(Seconds(1));
    expect(out.map((b) => [b.time, b.records])).toEqual([
      [1000, ["a"]],
      [3000, ["b", "meanwhile"]],
    ]);
    expect(errors).toHaveLength(1);
  });

  it("a file deleted after its batch, or while a batch lists the directory, breaks nothing", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("files-deleted-");
    writeFile(dir, "a.txt", ["a"], 500);
    writeFile(dir, "gone.txt", ["gone"], 1500);
    writeFile(dir, "b.txt", ["b"], 1500);
    const errors: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e) });
    // The filter runs between listing the directory and looking at a file: it deletes one there.
    const stream = ssc.textFileStream(dir, {
      filter: (f) => {
        if (f.endsWith("gone.txt") && clock.now() === 2000) fs.rmSync(f);
        return true;
      },
    });
    const out = collect(stream);
    ssc.start();
    await clock.advance(Seconds(1));
    fs.rmSync(path.join(dir, "a.txt"));
    await clock.advance(Seconds(2));
    expect(out.map((b) => b.records)).toEqual([["a"], ["b"], []]);
    expect(errors).toEqual([]);
  });
});

describe("textFileStream: recovery from a metadata checkpoint", () => {
  /**
   * Runs the stream on a FiringClock with batch 1000 held open while batches 2000 and 3000 are
   * generated (they took b.txt and c.txt), then stops abruptly once 1000 is done: the checkpoint
   * at 1000 has 2000 and 3000 pending. Returns what ran and the files each batch took.
   */
  async function crashWithPendingBatches(dir: string, ckpt: string) {
    writeFile(dir, "a.txt", ["a1", "a2"], 500);
    writeFile(dir, "b.txt", ["b1"], 1500);
    writeFile(dir, "c.txt", ["c1", "c2"], 2500);
    const out: Batch[] = [];
    const hold = deferred();
    const clock = new FiringClock();
    const ssc = StreamingContext.getOrCreate(
      ckpt,
      fileCount(clock, dir, ckpt, out, { batchMs: 1000, until: hold.promise }),
    );
    const planned = new Map<number, string[]>();
    ssc.addStreamingListener({
      onBatchSubmitted: (b) => planned.set(b.batchTime.milliseconds, inputs([b])[0]!.files),
    });
    ssc.start();
    await clock.fire(3000);
    const stopping = ssc.stop(); // not graceful: the queued batches 2000 and 3000 never run
    hold.resolve();
    await stopping;
    const checkpoint = JSON.parse(fs.readFileSync(path.join(ckpt, "checkpoint-1000"), "utf8"));
    expect(checkpoint.pendingTimesMs).toEqual([2000, 3000]);
    return { out, planned };
  }

  it("re-runs pending batches with exactly the files they took, and later batches take no file twice", async () => {
    const dir = tempDir("files-recover-");
    const ckpt = tempDir("files-ckpt-");
    const first = await crashWithPendingBatches(dir, ckpt);
    expect(first.out.map((b) => [b.time, b.records])).toEqual([[1000, ["a1", "a2"]]]);
    expect(Object.fromEntries(first.planned)).toEqual({ 1000: ["a.txt"], 2000: ["b.txt"], 3000: ["c.txt"] });

    // While it is down: a late file that a fresh listing would put in batch 2000, and a new one.
    writeFile(dir, "late.txt", ["late1"], 1800);
    writeFile(dir, "d.txt", ["d1"], 3500);
    const out: Batch[] = [];
    const clock = new ManualClock(3000);
    const ssc = StreamingContext.getOrCreate(ckpt, fileCount(clock, dir, ckpt, out));
    const infos = collectBatches(ssc);
    expect(ssc.recoveredFrom?.checkpointTime.milliseconds).toBe(1000);
    ssc.start();
    await clock.advance(Seconds(0)); // the pending batches re-run first
    await clock.advance(Seconds(3));
    await ssc.stop();

    expect(inputs(infos).map((i) => [i.time, i.files])).toEqual([
      [2000, first.planned.get(2000)],
      [3000, first.planned.get(3000)],
      [4000, ["d.txt", "late.txt"]],
      [5000, []],
      [6000, []],
    ]);
    const all = [...first.out, ...out].flatMap((b) => b.records).sort();
    expect(all).toEqual(["a1", "a2", "b1", "c1", "c2", "d1", "late1"]);
  });

  it("after a crash, the batches of the down time take the files written then, and none taken before", async () => {
    const dir = tempDir("files-downtime-");
    const ckpt = tempDir("files-ckpt-");
    writeFile(dir, "a.txt", ["a"], 500);
    writeFile(dir, "b.txt", ["b"], 1500);
    writeFile(dir, "c.txt", ["c"], 2500);
    const before: Batch[] = [];
    const clock1 = new ManualClock();
    const first = StreamingContext.getOrCreate(ckpt, fileCount(clock1, dir, ckpt, before));
    first.start();
    await clock1.advance(Seconds(3));
    await first.stop(); // a crash after batch 3000

    // Written while it was down; a.txt, b.txt and c.txt are still there, within the window.
    writeFile(dir, "d.txt", ["d"], 3500);
    writeFile(dir, "e.txt", ["e"], 4200);
    writeFile(dir, "f.txt", ["f"], 5999);
    const after: Batch[] = [];
    const clock2 = new ManualClock(6500);
    const second = StreamingContext.getOrCreate(ckpt, fileCount(clock2, dir, ckpt, after));
    second.start();
    await clock2.advance(Seconds(0)); // the down time: 4000, 5000, 6000
    writeFile(dir, "g.txt", ["g"], 6800);
    await clock2.advance(Seconds(1));
    await second.stop();

    expect(before.map((b) => [b.time, b.records])).toEqual([
      [1000, ["a"]],
      [2000, ["b"]],
      [3000, ["c"]],
    ]);
    expect(after.map((b) => [b.time, b.records])).toEqual([
      [4000, ["d"]],
      [5000, ["e"]],
      [6000, ["f"]],
      [7000, ["g"]],
    ]);
  });

  it("a file deleted before its pending batch re-runs is left out and named in the batch's input metadata", async () => {
    const dir = tempDir("files-recover-deleted-");
    const ckpt = tempDir("files-ckpt-");
    await crashWithPendingBatches(dir, ckpt);
    fs.rmSync(path.join(dir, "c.txt"));
    const out: Batch[] = [];
    const clock = new ManualClock(3000);
    const ssc = StreamingContext.getOrCreate(ckpt, fileCount(clock, dir, ckpt, out));
    const infos = collectBatches(ssc);
    const errors: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e) });
    ssc.start();
    await clock.advance(Seconds(0));
    await ssc.stop();
    expect(out.map((b) => [b.time, b.records])).toEqual([
      [2000, ["b1"]],
      [3000, []],
    ]);
    const input = [...infos[1]!.streamIdToInputInfo.values()][0]!;
    expect(input.metadata?.files).toEqual([]);
    expect(input.metadata?.skipped).toEqual([
      {
        file: path.join(dir, "c.txt"),
        reason: expect.stringMatching(/could not be read, so its lines are not in this batch: ENOENT/),
      },
    ]);
    expect(errors).toEqual([]);
  });

  it("refuses a checkpoint written for another directory, naming both and the fix", async () => {
    const dir = tempDir("files-recover-dir-");
    const ckpt = tempDir("files-ckpt-");
    const clock = new ManualClock();
    const first = StreamingContext.getOrCreate(ckpt, fileCount(clock, dir, ckpt, []));
    first.start();
    await clock.advance(Seconds(2));
    await first.stop();
    const other = tempDir("files-other-");
    expect(() => StreamingContext.getOrCreate(ckpt, fileCount(new ManualClock(), other, ckpt, []))).toThrow(
      CheckpointError,
    );
    expect(() => StreamingContext.getOrCreate(ckpt, fileCount(new ManualClock(), other, ckpt, []))).toThrow(
      new RegExp(`written for the directory ${dir}, but create\\(\\) now reads ${other}.*Fix:`),
    );
  });
});
