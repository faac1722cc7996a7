import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CheckpointError,
  type DStream,
  HashPartitioner,
  InvalidDurationError,
  Milliseconds,
  Seconds,
} from "../../../engine";
import { runningWordCounts, wordBatches } from "../../fixtures/sparkSuiteData";
import { manualContext, runOperation, sortedBatches } from "../../helpers/testStreams";
import { filesUnder, lineageSize } from "../../helpers/timedStreams";

type KV = [string, number];
const runningCount = (values: number[], state: number | undefined) =>
  values.reduce((a, b) => a + b, state ?? 0);
const countWords = (s: DStream<string>) => s.map((w) => [w, 1] as KV).updateStateByKey(runningCount);

describe("updateStateByKey (BasicOperationsSuite)", () => {
  it("keeps a running count per key", async () => {
    const out = await runOperation(wordBatches, countWords, { checkpoint: true });
    expect(sortedBatches(out)).toEqual(runningWordCounts);
  });

  it("simple with initial value RDD: the initial state seeds the first batch", async () => {
    const { sc, ssc, clock } = await manualContext({ checkpoint: true });
    const initial = sc.parallelize<KV>([
      ["a", 1],
      ["c", 2],
    ]);
    const out: KV[][] = [];
    ssc
      .queueStream(wordBatches.map((b) => [...b]))
      .map((w) => [w, 1] as KV)
      .updateStateByKey(runningCount, undefined, initial)
      .foreachRDD((rdd) => {
        out.push(rdd.collect());
      });
    ssc.start();
    await clock.advance(Seconds(6));
    await ssc.stop();
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 2],
        ["c", 2],
      ],
      [
        ["a", 3],
        ["b", 1],
        ["c", 2],
      ],
      [
        ["a", 4],
        ["b", 2],
        ["c", 3],
      ],
      [
        ["a", 5],
        ["b", 3],
        ["c", 3],
      ],
      [
        ["a", 6],
        ["b", 3],
        ["c", 3],
      ],
      [
        ["a", 6],
        ["b", 3],
        ["c", 3],
      ],
    ]);
  });

  it("object lifecycle: a state cleared after two batches without new values", async () => {
    class StateObject {
      counter = 0;
      expireCounter = 0;
    }
    // Spark's updateFunc, mutating the state object in place as the Scala test does.
    const update = (values: number[], state: StateObject | undefined) => {
      const obj = state ?? new StateObject();
      const sum = values.reduce((a, b) => a + b, 0);
      if (sum === 0) obj.expireCounter += 1;
      else {
        obj.counter += sum;
        obj.expireCounter = 0;
      }
      return obj.expireCounter === 2 ? undefined : obj;
    };
    const input = [["a", "b"], [], ["a", "c", "a"], ["c"], [], []];
    const out = await runOperation(
      input,
      (s) =>
        s
          .map((w) => [w, 1] as KV)
          .updateStateByKey(update)
          .mapValues((o) => o.counter),
      { checkpoint: true },
    );
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 1],
        ["b", 1],
      ],
      [
        ["a", 1],
        ["b", 1],
      ],
      [
        ["a", 3],
        ["c", 1],
      ],
      [
        ["a", 3],
        ["c", 2],
      ],
      [["c", 2]],
      [],
    ]);
  });
});

describe("updateStateByKey: the update function", () => {
  it("is called for every key in every batch, with [] when the key had no new values", async () => {
    const calls: string[][] = [];
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const batch: string[] = [];
    ssc
      .queueStream([["a", "b", "a"], [], ["b"]])
      .map((w) => [w, 1] as KV)
      .updateStateByKey((values: number[], state: number | undefined, key: string) => {
        batch.push(`${key}:${JSON.stringify(values)}:${state}`);
        return (state ?? 0) + values.length;
      })
      .foreachRDD((rdd) => {
        rdd.collect();
        calls.push(batch.splice(0).sort());
      });
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect(calls).toEqual([
      ["a:[1,1]:undefined", "b:[1]:undefined"],
      ["a:[]:2", "b:[]:1"],
      ["a:[]:2", "b:[1]:1"],
      ["a:[]:2", "b:[]:2"],
    ]);
  });

  it("returning undefined removes the key; it starts again from undefined when it comes back", async () => {
    const seen: (number | undefined)[] = [];
    const out = await runOperation(
      [["a"], ["a"], ["x"], ["a"]],
      (s) =>
        s
          .map((w) => [w, 1] as KV)
          .updateStateByKey((values: number[], state: number | undefined, key: string) => {
            if (key === "a") seen.push(state);
            if (key === "x") return undefined;
            // "a" is dropped as soon as it reaches 2.
            const next = runningCount(values, state);
            return next >= 2 ? undefined : next;
          }),
      { checkpoint: true },
    );
    expect(sortedBatches(out)).toEqual([[["a", 1]], [], [], [["a", 1]]]);
    // Batch 3 does not call the function for "a": it has no state and no new values.
    expect(seen).toEqual([undefined, 1, undefined]);
  });

  it("gets the key as its third argument, and keys compare by value (tuples)", async () => {
    type Pair = [[string, number], number];
    const out = await runOperation<Pair, [[string, number], string]>(
      [
        [
          [["a", 1], 5],
          [["a", 1], 6],
        ],
        [[["a", 1], 1]],
      ],
      (s) =>
        s.updateStateByKey(
          (values: number[], state: string | undefined, key: [string, number]) =>
            `${state ?? key.join("")}+${values.join("+")}`,
        ),
      { checkpoint: true },
    );
    expect(out).toEqual([[[["a", 1], "a1+5+6"]], [[["a", 1], "a1+5+6+1"]]]);
  });

  it("places state by the given partition count or partitioner", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const parts: number[] = [];
    const pairs = ssc.queueStream([["a", "b", "c", "d"]]).map((w) => [w, 1] as KV);
    pairs.updateStateByKey(runningCount, 3).foreachRDD((rdd) => {
      parts.push(rdd.getNumPartitions());
    });
    pairs.updateStateByKey(runningCount, new HashPartitioner(5)).foreachRDD((rdd) => {
      parts.push(rdd.getNumPartitions());
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(parts).toEqual([3, 5]);
  });

  it("slides with its parent: over a 2 s window, state is updated every 2 s", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const out: { time: number; records: KV[] }[] = [];
    ssc
      .queueStream([["a"], ["a"], ["a"], ["a"]])
      .window(Seconds(2), Seconds(2))
      .map((w) => [w, 1] as KV)
      .updateStateByKey(runningCount)
      .foreachRDD((rdd, t) => {
        out.push({ time: t.milliseconds, records: rdd.collect() });
      });
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect(out).toEqual([
      { time: 2000, records: [["a", 2]] },
      { time: 4000, records: [["a", 4]] },
    ]);
  });

  it("keeps state correct over many batches (with checkpoints on the way)", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const last: KV[][] = [];
    // Batch i (from 0) has key "k" once per i, and key "odd" on odd batches.
    ssc
      .generatorStream((_t, i) => [...Array.from({ length: i }, () => "k"), ...(i % 2 ? ["odd"] : [])], 2)
      .map((w) => [w, 1] as KV)
      .updateStateByKey(runningCount)
      .foreachRDD((rdd) => {
        last.push(rdd.collect());
      });
    ssc.start();
    await clock.advance(Seconds(120));
    await ssc.stop();
    expect(last).toHaveLength(120);
    last.forEach((batch, i) => {
      // After batch i: k = 0 + 1 + ... + i, odd = the odd numbers up to i (both absent at 0).
      const expected: KV[] =
        i === 0
          ? []
          : [
              ["k", (i * (i + 1)) / 2],
              ["odd", Math.floor((i + 1) / 2)],
            ];
      expect(sortedBatches([batch])[0], `batch ${i}`).toEqual(sortedBatches([expected])[0]);
    });
  });
});

describe("updateStateByKey: checkpointing", () => {
  it("without ssc.checkpoint(dir), start() fails with a CheckpointError naming the fix", async () => {
    const { ssc } = await manualContext();
    countWords(ssc.queueStream<string>([])).print();
    expect(() => ssc.start()).toThrow(CheckpointError);
    expect(() => ssc.start()).toThrow(
      /updateStateByKey needs checkpointing.*no checkpoint directory is set\. Fix: call ssc\.checkpoint\("some\/dir"\) before ssc\.start\(\)/,
    );
    expect(ssc.getState()).toBe("INITIALIZED");
  });

  it("checkpoints the state every 10 s by default, writing files under the directory", async () => {
    const { ssc, clock, checkpointDir } = await manualContext({ checkpoint: true });
    const state = countWords(ssc.generatorStream((t) => [`w${(t.milliseconds / 1000) % 3}`], 1));
    const checkpointed: number[] = [];
    state.foreachRDD((rdd, t) => {
      rdd.count();
      if (rdd.isCheckpointed) checkpointed.push(t.milliseconds);
    });
    ssc.start();
    await clock.advance(Seconds(25));
    await ssc.stop();
    expect(state.checkpointDuration!.milliseconds).toBe(10_000);
    expect(checkpointed).toEqual([10_000, 20_000]);
    // The state's RDD checkpoints, beside the (at most two) metadata files written for recovery.
    const files = filesUnder(checkpointDir!);
    const metadata = files.filter((f) => /^checkpoint-\d+$/.test(f));
    const parts = files.filter((f) => !metadata.includes(f));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((f) => path.basename(f).startsWith("part-"))).toBe(true);
    expect(metadata).toEqual(expect.arrayContaining(["checkpoint-24000", "checkpoint-25000"]));
    expect(metadata).toHaveLength(2);
  });

  it("deletes old state checkpoints as they are forgotten, also when the graph cannot be recovered (queueStream)", async () => {
    const { ssc, clock, checkpointDir } = await manualContext({ checkpoint: true });
    const input = Array.from({ length: 60 }, (_, i) => [`w${i % 3}`]);
    const state = countWords(ssc.queueStream(input)).checkpoint(Seconds(2));
    const last: KV[][] = [];
    state.foreachRDD((rdd) => {
      last[0] = rdd.collect();
    });
    ssc.start();
    await clock.advance(Seconds(60));
    await ssc.stop();
    // 30 state checkpoints were written; only those of the last 2 checkpoint intervals are kept.
    const parts = filesUnder(checkpointDir!).filter((f) => path.basename(f).startsWith("part-"));
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.length).toBeLessThanOrEqual(2 * 3);
    expect(sortedBatches(last)[0]).toEqual([
      ["w0", 20],
      ["w1", 20],
      ["w2", 20],
    ]);
  });

  it("cuts the lineage: a late state RDD's lineage does not grow with the number of batches", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const sizes: number[] = [];
    const debugLines: number[] = [];
    countWords(ssc.generatorStream((t) => [`w${(t.milliseconds / 1000) % 5}`], 2))
      .checkpoint(Seconds(3))
      .foreachRDD((rdd) => {
        rdd.collect();
        sizes.push(lineageSize(rdd));
        debugLines.push(rdd.toDebugString().split("\n").length);
      });
    ssc.start();
    await clock.advance(Seconds(90));
    await ssc.stop();
    // Between two checkpoints the lineage grows by one batch; after that it is cut again.
    const early = Math.max(...sizes.slice(0, 9));
    expect(Math.max(...sizes.slice(60))).toBeLessThanOrEqual(early);
    expect(Math.max(...debugLines.slice(60))).toBeLessThanOrEqual(Math.max(...debugLines.slice(0, 9)));
    expect(debugLines[89]).toBeLessThan(15);
  });

  it("remembers 2 checkpoint intervals of state RDDs (Spark's rdd cleanup - updateStateByKey)", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const input = Array.from({ length: 10 }, (_, x) => [x, x + 1]);
    const state = ssc
      .queueStream(input)
      .map((x) => [x, 1] as [number, number])
      .updateStateByKey(runningCount)
      .checkpoint(Seconds(3));
    state.foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(10));
    expect(state.rememberDuration!.milliseconds).toBe(state.checkpointDuration!.times(2).milliseconds);
    expect(state.generatedRDDs.has(10_000)).toBe(true);
    expect(state.generatedRDDs.has(4000)).toBe(false);
    await ssc.stop();
  });

  it("keeps every stream's generatedRDDs bounded over many batches", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    countWords(ssc.generatorStream((t) => [`w${t.milliseconds % 7}`], 2)).foreachRDD((rdd) => rdd.count());
    ssc.start();
    await clock.advance(Seconds(200));
    for (const s of ssc.graph.allStreams()) {
      const bound = s.rememberDuration!.div(s.slideDuration) + 1;
      expect(s.generatedRDDs.size, `${s}`).toBeLessThanOrEqual(bound);
      expect(bound, `${s}`).toBeLessThanOrEqual(21);
    }
    await ssc.stop();
  });

  it("checkpoint(interval) must be a positive multiple of the slide, as a Duration", async () => {
    const { ssc } = await manualContext({ checkpoint: true });
    const state = countWords(ssc.queueStream<string>([]));
    expect(() => state.checkpoint(Milliseconds(1500))).toThrow(InvalidDurationError);
    expect(() => state.checkpoint(Milliseconds(1500))).toThrow(
      /checkpoint interval of updateStateByKey \(1500 ms\) must be a positive multiple of its slide duration \(1000 ms\)\. Fix/,
    );
    expect(() => state.checkpoint(Seconds(0))).toThrow(InvalidDurationError);
    expect(() => state.checkpoint(10 as any)).toThrow(/the number 10.*Fix: wrap it/);
    const windowed = ssc.queueStream<string>([]).window(Seconds(4), Seconds(2));
    expect(() => windowed.checkpoint(Seconds(3))).toThrow(/multiple of its slide duration \(2000 ms\)/);
    expect(() => windowed.checkpoint(Seconds(4))).not.toThrow();
  });
});
