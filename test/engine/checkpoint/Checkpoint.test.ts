import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BatchContext,
  CHECKPOINT_FORMAT_VERSION,
  type Checkpoint,
  type DStream,
  ManualClock,
  Seconds,
  StreamingContext,
} from "../../../engine";
import { createWordCount } from "../../fixtures/wordCount";
import { deferred, FiringClock, settle, tempDir } from "../../helpers/testStreams";
import { until } from "../../helpers/until";

afterEach(async () => {
  vi.restoreAllMocks();
  await StreamingContext.getActive()?.stop();
});

const metadataFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.startsWith("checkpoint-"))
    .sort();
const readMetadata = (dir: string, timeMs: number): Checkpoint =>
  JSON.parse(fs.readFileSync(path.join(dir, `checkpoint-${timeMs}`), "utf8"));

const count = (s: DStream<string>) =>
  s
    .map((w) => [w, 1] as [string, number])
    .updateStateByKey((vs: number[], st: number | undefined) => vs.length + (st ?? 0));

describe("metadata checkpoints of a running context", () => {
  it("are written after every batch as checkpoint-<time>, the newest two kept", async () => {
    const dir = tempDir("ckpt-meta-");
    const clock = new ManualClock();
    const ssc = createWordCount({ clock, checkpointDir: dir, onBatch: () => {} })();
    ssc.start();
    await clock.advance(Seconds(1));
    expect(metadataFiles(dir)).toEqual(["checkpoint-1000"]);
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect(metadataFiles(dir)).toEqual(["checkpoint-4000", "checkpoint-5000"]);
  });

  it("hold the batch duration, zero time, checkpoint time and every stream with its checkpointed RDDs", async () => {
    const dir = tempDir("ckpt-meta-");
    const clock = new ManualClock(500);
    const ssc = createWordCount({ clock, checkpointDir: dir, onBatch: () => {} })();
    ssc.start();
    await clock.advance(Seconds(5));
    await ssc.stop();
    const cp = readMetadata(dir, 5000);
    expect(cp).toMatchObject({
      version: CHECKPOINT_FORMAT_VERSION,
      batchDurationMs: 1000,
      zeroTimeMs: 0,
      checkpointTimeMs: 5000,
      pendingTimesMs: [],
    });
    // Depth first from the outputs, in definition order.
    expect(cp.streams.map((s) => [s.position, s.className, s.scope])).toEqual([
      [0, "ForEachDStream", "foreachRDD"],
      [1, "StateDStream", "updateStateByKey"],
      [2, "MappedDStream", "map"],
      [3, "FlatMappedDStream", "flatMap"],
      [4, "GeneratorInputDStream", "generatorStream"],
    ]);
    // The state is checkpointed every 2 s and remembered for 4 s: its RDDs at 2000 and 4000.
    const rdds = cp.streams[1]!.rdds;
    expect(rdds.map((r) => r.timeMs)).toEqual([2000, 4000]);
    for (const r of rdds) {
      expect(path.isAbsolute(r.dir)).toBe(false); // relative, so the directory can be moved
      expect(r).toMatchObject({ numPartitions: 2, hashPartitioned: true });
      expect(fs.readdirSync(path.join(dir, r.dir)).sort()).toEqual(["part-00000", "part-00001"]);
    }
    expect(cp.streams.filter((s) => s.rdds.length > 0)).toHaveLength(1);
  });

  it("name as checkpoint time the last batch whose jobs all finished; later generated batches are pending", async () => {
    const dir = tempDir("ckpt-meta-");
    const clock = new FiringClock(); // fires batches without waiting for them, so they queue up
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), {
      clock,
      checkpointDir: dir,
      logErrors: false,
    });
    const hold = new Map([2000, 3000].map((t) => [t, deferred()]));
    count(ssc.generatorStream((t) => [`w${t.milliseconds}`])).foreachRDD(async (rdd, t) => {
      rdd.collect();
      await hold.get(t.milliseconds)?.promise;
    });
    ssc.start();
    await clock.fire(4000); // 2000 runs and waits; 3000 and 4000 queue behind it
    // Batch 1000's count may run on worker threads: wait for its checkpoint rather than for turns of the loop.
    await until(() => metadataFiles(dir).length > 0, "batch 1000's checkpoint");
    await settle();
    expect(metadataFiles(dir)).toEqual(["checkpoint-1000"]);
    hold.get(2000)!.resolve();
    await until(() => metadataFiles(dir).includes("checkpoint-2000"), "batch 2000's checkpoint");
    expect(readMetadata(dir, 2000)).toMatchObject({ checkpointTimeMs: 2000, pendingTimesMs: [3000, 4000] });
    const stopped = ssc.stop(); // not graceful: 3000 finishes, 4000 is dropped
    hold.get(3000)!.resolve();
    await stopped;
    expect(metadataFiles(dir)).toEqual(["checkpoint-2000", "checkpoint-3000"]);
    expect(readMetadata(dir, 3000)).toMatchObject({ checkpointTimeMs: 3000, pendingTimesMs: [4000] });
  });

  it("reference an RDD checkpoint only once it is fully written", async () => {
    const dir = tempDir("ckpt-meta-");
    const clock = new ManualClock();
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), {
      clock,
      checkpointDir: dir,
      logErrors: false,
    });
    // The state at 2000 is due for a checkpoint, but no job reads it in its own batch: it is only
    // computed (and written) by batch 3000, which builds on it.
    count(ssc.generatorStream((t) => [`w${t.milliseconds % 3000}`]))
      .checkpoint(Seconds(2))
      .foreachRDD((rdd, t) => {
        if (t.milliseconds !== 2000) rdd.collect();
      });
    ssc.start();
    await clock.advance(Seconds(2));
    expect(readMetadata(dir, 2000).streams[1]!.rdds).toEqual([]);
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(readMetadata(dir, 3000).streams[1]!.rdds.map((r) => r.timeMs)).toEqual([2000]);
  });

  it("are not written for a queueStream, which cannot be replayed: a warning says so at start", async () => {
    const dir = tempDir("ckpt-meta-");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const clock = new ManualClock();
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock, checkpointDir: dir });
    count(ssc.queueStream([["a"], ["b"]]))
      .checkpoint(Seconds(1))
      .foreachRDD((rdd) => {
        rdd.collect();
      });
    ssc.start();
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatch(
      /queueStream doesn't support checkpointing: its data lives in memory.*State is still checkpointed, but no recovery metadata is written.*Fix: use a replayable source/,
    );
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(metadataFiles(dir)).toEqual([]);
    // The state itself is still checkpointed: stateful operators work with queueStream as before.
    expect(
      fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).some((f) => f.endsWith("part-00000")),
    ).toBe(true);
  });

  it("are not written without a checkpoint directory", async () => {
    const clock = new ManualClock();
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock });
    ssc.generatorStream(() => [1]).foreachRDD(() => {});
    const before = fs.readdirSync(process.cwd());
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(fs.readdirSync(process.cwd())).toEqual(before);
  });
});
