import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BatchContext,
  CheckpointError,
  type DStream,
  ManualClock,
  Seconds,
  type State,
  StateSpec,
  StreamingContext,
  sentenceGenerator,
} from "../../../engine";
import { type Counts, createWordCount, uninterruptedWordCount } from "../../fixtures/wordCount";
import { tempDir } from "../../helpers/testStreams";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/** A word count's batches by time, and the batch times whose input it generated. */
function recorder() {
  const out = new Map<number, Counts>();
  const generated: number[] = [];
  return {
    out,
    generated,
    options: (clock: ManualClock, checkpointDir: string) => ({
      clock,
      checkpointDir,
      onBatch: (t: number, counts: Counts) => out.set(t, counts),
      onGenerate: (t: number) => generated.push(t),
    }),
  };
}

/** Runs the word count from a fresh checkpoint directory for `batches` batches, then stops it abruptly. */
async function runAndCrash(dir: string, batches: number): Promise<Map<number, Counts>> {
  const rec = recorder();
  const clock = new ManualClock();
  const ssc = StreamingContext.getOrCreate(dir, createWordCount(rec.options(clock, dir)));
  expect(ssc.recoveredFrom).toBeUndefined();
  ssc.start();
  await clock.advance(Seconds(batches));
  await ssc.stop(); // not graceful: as far as the checkpoint knows, a crash after the last batch
  return rec.out;
}

describe("StreamingContext.getOrCreate", () => {
  it("with no checkpoint in the directory (or no directory), returns create()'s context as it is", async () => {
    const create = vi.fn(() => {
      const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock: new ManualClock() });
      ssc.generatorStream(() => [1]).print();
      return ssc;
    });
    const dir = tempDir("ckpt-none-");
    const ssc = StreamingContext.getOrCreate(dir, create);
    expect(create).toHaveBeenCalledOnce();
    expect(ssc).toBe(create.mock.results[0]!.value);
    expect(ssc.recoveredFrom).toBeUndefined();
    expect(StreamingContext.getOrCreate(path.join(dir, "not-there"), create).recoveredFrom).toBeUndefined();
  });

  it("recovers a stateful word count: every batch, down time included, equals an uninterrupted run", async () => {
    const dir = tempDir("ckpt-recover-");
    const before = await runAndCrash(dir, 5);

    // Restarted 3.5 s later on a new clock: batches 6000, 7000 and 8000 fell in the down time.
    const rec = recorder();
    const clock = new ManualClock(8500);
    const ssc = StreamingContext.getOrCreate(dir, createWordCount(rec.options(clock, dir)));
    expect(ssc.recoveredFrom!.checkpointTime.milliseconds).toBe(5000);
    expect(ssc.recoveredFrom!.file).toBe(path.join(dir, "checkpoint-5000"));
    ssc.start();
    await clock.advance(Seconds(0)); // the re-run batches are due at once
    expect([...rec.out.keys()]).toEqual([6000, 7000, 8000]);
    await clock.advance(Seconds(3)); // then on schedule
    await ssc.stop();

    expect([...rec.out.keys()]).toEqual([6000, 7000, 8000, 9000, 10000, 11000]);
    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), 11);
    for (const [t, counts] of [...before, ...rec.out]) expect(counts, `batch ${t}`).toEqual(reference.get(t));
    // The state came from its checkpoint at 4000: only batch 5000 was recomputed to rebuild it.
    expect(Math.min(...rec.generated)).toBe(5000);
  });

  it("deletes state checkpoints no kept metadata file references, so a long run does not fill the disk", async () => {
    const dir = tempDir("ckpt-cleanup-");
    const rddDirs = () =>
      fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => path.basename(f).startsWith("rdd-") && fs.statSync(path.join(dir, f)).isDirectory());
    // 40 batches with the state checkpointed every 2: 20 state checkpoints are written.
    const before = await runAndCrash(dir, 40);
    // The two kept metadata files reference the state checkpoints still remembered (a remember
    // duration of 2 checkpoint intervals): a handful, not one per checkpoint ever written.
    expect(rddDirs().length).toBeGreaterThan(0);
    expect(rddDirs().length).toBeLessThanOrEqual(4);

    // And what is left is enough to recover: the state goes on exactly as without the crash.
    const rec = recorder();
    const clock = new ManualClock(40_000);
    const ssc = StreamingContext.getOrCreate(dir, createWordCount(rec.options(clock, dir)));
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), 42);
    for (const [t, counts] of [...before, ...rec.out]) expect(counts, `batch ${t}`).toEqual(reference.get(t));
  });

  it("the recovered context checkpoints its restored state again, so a second crash recovers as well", async () => {
    const dir = tempDir("ckpt-twice-");
    const runs: Map<number, Counts>[] = [await runAndCrash(dir, 5)];
    // Second life: two batches, then a crash before the state is checkpointed again (at 8000).
    for (const [start, batches] of [
      [5000, 1],
      [6000, 2],
    ] as const) {
      const rec = recorder();
      const clock = new ManualClock(start);
      const ssc = StreamingContext.getOrCreate(
        dir,
        createWordCount({ ...rec.options(clock, dir), stateCheckpoint: Seconds(4) }),
      );
      ssc.start();
      await clock.advance(Seconds(batches));
      await ssc.stop();
      runs.push(rec.out);
      // Each recovery finds the state checkpointed at 4000 by the first run, however many lives ago.
      expect(Math.min(...rec.generated)).toBe(5000);
    }
    const all = runs.flatMap((r) => [...r]);
    expect(all.map(([t]) => t)).toEqual([1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), 8);
    for (const [t, counts] of all) expect(counts, `batch ${t}`).toEqual(reference.get(t));
  });

  it("a clock behind the checkpoint resumes right after it: no finished batch runs twice", async () => {
    const dir = tempDir("ckpt-behind-");
    await runAndCrash(dir, 5);
    const rec = recorder();
    const clock = new ManualClock(0);
    const ssc = StreamingContext.getOrCreate(dir, createWordCount(rec.options(clock, dir)));
    ssc.start();
    expect(ssc.scheduler.replayedTimes).toEqual([]);
    await clock.advance(Seconds(7));
    await ssc.stop();
    expect([...rec.out.keys()]).toEqual([6000, 7000]);
  });

  it("falls back to the previous metadata file when the newest is corrupt, and replaces the corrupt one", async () => {
    const dir = tempDir("ckpt-corrupt-");
    const before = await runAndCrash(dir, 5);
    fs.writeFileSync(path.join(dir, "checkpoint-5000"), '{"version":1,"batchDur');
    const warn = vi.fn();
    const rec = recorder();
    const clock = new ManualClock(5000);
    const ssc = StreamingContext.getOrCreate(dir, createWordCount(rec.options(clock, dir)), { warn });
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]![0]).toMatch(/Skipped unusable checkpoint .*checkpoint-5000.*recovering from/);
    expect(ssc.recoveredFrom!.checkpointTime.milliseconds).toBe(4000);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    // Batch 5000 had finished, but the checkpoint that said so was lost: it runs again, identically.
    expect([...rec.out.keys()]).toEqual([5000, 6000]);
    const reference = await uninterruptedWordCount(tempDir("ckpt-reference-"), 6);
    expect(rec.out.get(5000)).toEqual(before.get(5000));
    for (const [t, counts] of rec.out) expect(counts, `batch ${t}`).toEqual(reference.get(t));
    // The re-run of 5000 wrote a good file in place of the corrupt one.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("checkpoint-"))).toEqual([
      "checkpoint-5000",
      "checkpoint-6000",
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "checkpoint-5000"), "utf8")).checkpointTimeMs).toBe(
      5000,
    );
  });

  it("with every metadata file corrupt, throws a CheckpointError naming them and the fix, or starts over on createOnError", async () => {
    const dir = tempDir("ckpt-corrupt-");
    await runAndCrash(dir, 3);
    for (const f of ["checkpoint-2000", "checkpoint-3000"]) fs.writeFileSync(path.join(dir, f), "");
    const create = createWordCount(recorder().options(new ManualClock(), dir));
    expect(() => StreamingContext.getOrCreate(dir, create)).toThrow(CheckpointError);
    expect(() => StreamingContext.getOrCreate(dir, create)).toThrow(
      /No usable checkpoint in .*checkpoint-3000 \(not valid JSON.*checkpoint-2000.*Fix: delete the directory/,
    );
    const warn = vi.fn();
    const ssc = StreamingContext.getOrCreate(dir, create, { createOnError: true, warn });
    expect(ssc.recoveredFrom).toBeUndefined();
    expect(warn.mock.calls[0]![0]).toMatch(
      /No usable checkpoint.*Starting a new context instead \(createOnError\)/,
    );
  });

  it("sets the checkpoint directory when create() did not", async () => {
    const dir = tempDir("ckpt-setdir-");
    await runAndCrash(dir, 3);
    const clock = new ManualClock(3000);
    const ssc = StreamingContext.getOrCreate(dir, () => {
      const ssc = createWordCount(recorder().options(clock, dir))();
      ssc.sc.checkpointDir = undefined; // as if create() had never called ssc.checkpoint(dir)
      return ssc;
    });
    expect(ssc.sc.checkpointDir).toBe(dir);
    expect(ssc.recoveredFrom!.checkpointTime.milliseconds).toBe(3000);
  });
});

describe("StreamingContext.getOrCreate: stateful operators resume with their state", () => {
  const lines = sentenceGenerator({ linesPerBatch: 2, wordsPerLine: 3, seed: 7 });

  /**
   * Runs `build` over a generatorStream uninterrupted for 12 batches, and again crashing after 5
   * and recovering at 9.5 s; returns both runs' output per batch time.
   */
  async function compareWithUninterrupted<T>(
    build: (words: DStream<[string, number]>) => DStream<T>,
    options: { parallelismAfterCrash?: number } = {},
  ) {
    const create =
      (clock: ManualClock, dir: string, out: Map<number, T[]>, parallelism = 2) =>
      () => {
        const ssc = new StreamingContext(new BatchContext({ parallelism }), Seconds(1), {
          clock,
          logErrors: false,
        });
        ssc.checkpoint(dir);
        const words = ssc
          .generatorStream((t) => lines(t))
          .flatMap((l) => l.split(" "))
          .map((w) => [w, 1] as [string, number]);
        build(words).foreachRDD((rdd, t) => {
          out.set(
            t.milliseconds,
            rdd.collect().sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
          );
        });
        return ssc;
      };
    const reference = new Map<number, T[]>();
    const refClock = new ManualClock();
    const ref = create(refClock, tempDir("ckpt-reference-"), reference)();
    ref.start();
    await refClock.advance(Seconds(12));
    await ref.stop();

    const dir = tempDir("ckpt-ops-");
    const recovered = new Map<number, T[]>();
    const clock1 = new ManualClock();
    const first = StreamingContext.getOrCreate(dir, create(clock1, dir, recovered));
    first.start();
    await clock1.advance(Seconds(5));
    await first.stop();
    const clock2 = new ManualClock(9500);
    const second = StreamingContext.getOrCreate(
      dir,
      create(clock2, dir, recovered, options.parallelismAfterCrash),
    );
    expect(second.recoveredFrom!.checkpointTime.milliseconds).toBe(5000);
    // The state checkpointed at 4000 is back in the graph (not recomputed from the first batch).
    const restored = second.graph.allStreams().flatMap((s) => [...s.generatedRDDs.keys()]);
    expect(restored).toContain(4000);
    second.start();
    await clock2.advance(Seconds(3));
    await second.stop();
    return { reference, recovered };
  }

  it("updateStateByKey", async () => {
    const { reference, recovered } = await compareWithUninterrupted((w) =>
      w
        .updateStateByKey((vs: number[], s: number | undefined) => vs.reduce((a, b) => a + b, s ?? 0))
        .checkpoint(Seconds(2)),
    );
    expect(recovered).toEqual(reference);
  });

  it("mapWithState (its emitted records and its state snapshots)", async () => {
    const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
      const sum = (one ?? 0) + (state.getOption() ?? 0);
      state.update(sum);
      return [word, sum] as [string, number];
    });
    const { reference, recovered } = await compareWithUninterrupted((w) => {
      const mapped = w.mapWithState(spec).checkpoint(Seconds(2));
      type Tagged = [string, string, number];
      return mapped
        .map(([w, n]): Tagged => ["mapped", w, n])
        .union(mapped.stateSnapshots().map(([w, n]): Tagged => ["state", w, n]));
    });
    expect(recovered).toEqual(reference);
    expect(recovered.size).toBe(12);
  });

  it("a state restored into a context with another parallelism is placed anew (mapWithState, updateStateByKey)", async () => {
    const spec = StateSpec.function((_word: string, one: number | undefined, state: State<number>) => {
      state.update((one ?? 0) + (state.getOption() ?? 0));
      return undefined;
    });
    const { reference, recovered } = await compareWithUninterrupted(
      (w) =>
        w
          .mapWithState(spec)
          .checkpoint(Seconds(2))
          .stateSnapshots()
          .union(
            w
              .updateStateByKey((vs: number[], s: number | undefined) => vs.length + (s ?? 0))
              .checkpoint(Seconds(2))
              .map(([k, n]) => [`#${k}`, n] as [string, number]),
          ),
      { parallelismAfterCrash: 3 },
    );
    expect(recovered).toEqual(reference);
  });

  it("reduceByKeyAndWindow with an inverse function (and countByValueAndWindow)", async () => {
    const { reference, recovered } = await compareWithUninterrupted((w) =>
      w
        .reduceByKeyAndWindow((a, b) => a + b, {
          invFunc: (a, b) => a - b,
          windowDuration: Seconds(4),
          slideDuration: Seconds(2),
          filterFunc: (kv) => kv[1] !== 0,
        })
        .checkpoint(Seconds(4))
        .union(
          w
            .map(([word]) => word)
            .countByValueAndWindow(Seconds(6), Seconds(2))
            .checkpoint(Seconds(4))
            .map(([k, n]) => [`#${k}`, n] as [string, number]),
        ),
    );
    expect(recovered).toEqual(reference);
    expect([...recovered.keys()]).toEqual([2000, 4000, 6000, 8000, 10000, 12000]);
  });
});
