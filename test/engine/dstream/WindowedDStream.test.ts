import { describe, expect, it } from "vitest";
import {
  type DStream,
  IllegalArgumentError,
  InvalidDurationError,
  InvalidWindowError,
  Milliseconds,
  Seconds,
} from "../../../engine";
import { manualContext, runOperation, sortedBatches } from "../../helpers/testStreams";
import { runTimedOperation } from "../../helpers/timedStreams";

// Spark's WindowOperationsSuite ("testWindow"): batch 1 s, six batches 0..5, and as many batches
// run as the expected windows need (windows * slide / batch).
const sixBatches = [[0], [1], [2], [3], [4], [5]];

async function windows(length: number, slide: number, expected: number): Promise<number[][]> {
  const out = await runOperation(sixBatches, (s) => s.window(Seconds(length), Seconds(slide)), {
    numBatches: expected * slide,
  });
  return sortedBatches(out);
}

describe("window (WindowOperationsSuite)", () => {
  it("basic window: length 2 s, slide 1 s", async () => {
    expect(await windows(2, 1, 6)).toEqual([[0], [0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
  });

  it("tumbling window: length = slide = 2 s", async () => {
    expect(await windows(2, 2, 3)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it("larger window: length 4 s, slide 2 s (a batch is in two windows)", async () => {
    expect(await windows(4, 2, 4)).toEqual([
      [0, 1],
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [4, 5],
    ]);
  });

  it("non-overlapping window: length 2 s, slide 3 s (batches between windows are skipped)", async () => {
    expect(await windows(2, 3, 2)).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });

  it("the default slide is the parent's", async () => {
    const out = await runOperation(sixBatches, (s) => s.window(Seconds(3)));
    expect(sortedBatches(out)).toEqual([[0], [0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  });
});

describe("window edges", () => {
  it("the window at t holds the parent's batches in (t - length, t]", async () => {
    // Each record is its own batch time, so the window's contents name the batches it holds.
    const { ssc, clock } = await manualContext();
    const seen: { time: number; records: number[] }[] = [];
    ssc
      .generatorStream((t) => [t.milliseconds], 1)
      .window(Seconds(3), Seconds(2))
      .foreachRDD((rdd, t) => {
        seen.push({ time: t.milliseconds, records: rdd.collect().sort((a, b) => a - b) });
      });
    ssc.start();
    await clock.advance(Seconds(8));
    await ssc.stop();
    expect(seen.map((w) => w.time)).toEqual([2000, 4000, 6000, 8000]);
    for (const { time, records } of seen) {
      const expected = [time - 2000, time - 1000, time].filter((b) => b > 0);
      expect(records).toEqual(expected);
    }
  });

  it("the first windows are partially filled, from the first batch on", async () => {
    const out = await runTimedOperation([["a"], ["b"], ["c"], ["d"]], (s) => s.window(Seconds(3)));
    expect(out.map((w) => [w.time, [...w.records].sort()])).toEqual([
      [1000, ["a"]],
      [2000, ["a", "b"]],
      [3000, ["a", "b", "c"]],
      [4000, ["b", "c", "d"]],
    ]);
  });

  it("empty batches contribute nothing, and an all-empty window is an empty RDD (still output)", async () => {
    const out = await runTimedOperation([[1], [], [], [], [2]], (s) => s.window(Seconds(2)));
    expect(out.map((w) => [w.time, [...w.records].sort()])).toEqual([
      [1000, [1]],
      [2000, [1]],
      [3000, []],
      [4000, []],
      [5000, [2]],
    ]);
  });

  it("a slide longer than the batch produces output only every slide", async () => {
    const out = await runTimedOperation([[1], [2], [3], [4], [5], [6]], (s) =>
      s.window(Seconds(3), Seconds(3)),
    );
    expect(out.map((w) => w.time)).toEqual([3000, 6000]);
    expect(sortedBatches(out.map((w) => w.records))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it("a window of a window takes multiples of the inner window's slide", async () => {
    // Inner: 2 s windows every 1 s; outer: every 2 s, the last 4 s of inner windows.
    const out = await runTimedOperation(
      sixBatches,
      (s) => s.window(Seconds(2)).window(Seconds(4), Seconds(2)),
      {
        numBatches: 6,
      },
    );
    expect(out.map((w) => w.time)).toEqual([2000, 4000, 6000]);
    // Window at 4 s: inner windows at 1..4 s = {0}, {0,1}, {1,2}, {2,3}.
    expect([...out[1]!.records].sort()).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });

  it("windows of a stream with a longer batch interval slide by that interval", async () => {
    const { ssc, clock } = await manualContext({ batch: Milliseconds(500) });
    const times: number[] = [];
    ssc
      .queueStream([[1], [2], [3], [4]])
      .window(Milliseconds(1000), Milliseconds(1000))
      .foreachRDD((rdd, t) => {
        times.push(t.milliseconds);
        expect(rdd.count()).toBe(2);
      });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(times).toEqual([1000, 2000]);
  });

  it("remembers what later windows need and no more (BasicOperationsSuite: rdd cleanup - map and window)", async () => {
    const { ssc, clock } = await manualContext();
    const input = Array.from({ length: 10 }, (_, x) => [x, x + 1]);
    const mapped = ssc.queueStream(input).map((x) => [x % 10, 1] as [number, number]);
    const window1 = mapped.window(Seconds(2), Seconds(1));
    const window2 = window1.window(Seconds(4), Seconds(2));
    const counts: number[] = [];
    window2.foreachRDD((rdd) => {
      counts.push(rdd.count());
    });
    ssc.remember(Seconds(3));
    ssc.start();
    await clock.advance(Seconds(10));
    expect(counts).toHaveLength(5);
    expect(window2.rememberDuration!.milliseconds).toBe(3000);
    expect(window1.rememberDuration!.milliseconds).toBe(3000 + 4000);
    expect(mapped.rememberDuration!.milliseconds).toBe(3000 + 4000 + 2000);
    // window2 keeps 10, 8 (not 6); window1 keeps 10 down to 4 (not 3); mapped 10 down to 2 (not 1).
    expect(window2.generatedRDDs.has(10_000)).toBe(true);
    expect(window2.generatedRDDs.has(8000)).toBe(true);
    expect(window2.generatedRDDs.has(6000)).toBe(false);
    expect(window1.generatedRDDs.has(10_000)).toBe(true);
    expect(window1.generatedRDDs.has(4000)).toBe(true);
    expect(window1.generatedRDDs.has(3000)).toBe(false);
    expect(mapped.generatedRDDs.has(10_000)).toBe(true);
    expect(mapped.generatedRDDs.has(2000)).toBe(true);
    expect(mapped.generatedRDDs.has(1000)).toBe(false);
    await ssc.stop();
  });

  it("keeps every stream's generatedRDDs bounded over many batches", async () => {
    const { ssc, clock } = await manualContext();
    ssc
      .generatorStream((t) => [t.milliseconds], 2)
      .window(Seconds(6), Seconds(2))
      .foreachRDD((rdd) => rdd.count());
    ssc.start();
    await clock.advance(Seconds(300));
    for (const s of ssc.graph.allStreams()) {
      expect(s.generatedRDDs.size, `${s}`).toBeLessThanOrEqual(s.rememberDuration!.div(s.slideDuration) + 1);
      expect(s.generatedRDDs.size, `${s}`).toBeLessThanOrEqual(10);
    }
    await ssc.stop();
  });

  it("persists the parent (each batch is read by several windows) and leaves its own level alone", async () => {
    const { ssc } = await manualContext();
    const input = ssc.queueStream<number>([]);
    const w1 = input.window(Seconds(2));
    expect(input.storageLevel).toBe("MEMORY_ONLY");
    expect(w1.storageLevel).toBe("NONE");
    w1.persist();
    w1.window(Seconds(4));
    expect(w1.storageLevel).toBe("MEMORY_ONLY");
  });
});

describe("invalid windows", () => {
  async function input(): Promise<DStream<number>> {
    const { ssc } = await manualContext();
    return ssc.queueStream<number>([]);
  }

  it("a length that is not a multiple of the parent's slide is an InvalidWindowError naming the fix", async () => {
    const s = await input();
    expect(() => s.window(Milliseconds(1500))).toThrow(InvalidWindowError);
    expect(() => s.window(Milliseconds(1500))).toThrow(/window duration \(1500 ms\).*multiple.*1000 ms.*Fix/);
  });

  it("a slide that is not a multiple of the parent's slide is an InvalidWindowError", async () => {
    const s = await input();
    expect(() => s.window(Seconds(4), Milliseconds(1500))).toThrow(InvalidWindowError);
    expect(() => s.window(Seconds(4), Milliseconds(1500))).toThrow(/slide duration \(1500 ms\).*Fix/);
  });

  it("multiples are of the parent's slide, not of the batch interval", async () => {
    const slid = (await input()).window(Seconds(2), Seconds(2));
    expect(() => slid.window(Seconds(3))).toThrow(
      /multiple of the parent stream's slide duration \(2000 ms\)/,
    );
    expect(() => slid.window(Seconds(4), Seconds(1))).toThrow(InvalidWindowError);
    expect(() => slid.window(Seconds(4), Seconds(2))).not.toThrow();
  });

  it("a zero length or slide is an InvalidWindowError", async () => {
    const s = await input();
    expect(() => s.window(Seconds(0))).toThrow(InvalidWindowError);
    expect(() => s.window(Seconds(2), Seconds(0))).toThrow(InvalidWindowError);
    expect(() => s.window(Seconds(0))).toThrow(/positive multiple/);
  });

  it("a bare number is an InvalidDurationError that says to wrap it", async () => {
    const s = await input();
    expect(() => s.window(30 as any)).toThrow(InvalidDurationError);
    expect(() => s.window(30 as any)).toThrow(/the number 30.*Fix: wrap it, e.g. Seconds\(10\)/);
    expect(() => s.window(Seconds(2), 1000 as any)).toThrow(InvalidDurationError);
  });

  it("the window-derived operators check their durations too", async () => {
    const s = await input();
    const pairs = s.map((x) => [x, 1] as [number, number]);
    expect(() => s.countByWindow(Milliseconds(1500), Seconds(1))).toThrow(InvalidWindowError);
    expect(() => s.reduceByWindow((a, b) => a + b, Seconds(2), Milliseconds(500))).toThrow(
      InvalidWindowError,
    );
    expect(() => s.countByValueAndWindow(Seconds(2), 1 as any)).toThrow(InvalidDurationError);
    expect(() => pairs.groupByKeyAndWindow(Milliseconds(2500))).toThrow(InvalidWindowError);
    expect(() => pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(0))).toThrow(InvalidWindowError);
    expect(() =>
      pairs.reduceByKeyAndWindow((a, b) => a + b, {
        invFunc: (a, b) => a - b,
        windowDuration: Seconds(3),
        slideDuration: Milliseconds(1200),
      }),
    ).toThrow(InvalidWindowError);
  });

  it("says how to write Spark's positional inverse function here, and rejects a window that is no duration", async () => {
    const s = await input();
    const pairs = s.map((x) => [x, 1] as [number, number]);
    const sub = (a: number, b: number) => a - b;
    const spark = pairs.reduceByKeyAndWindow as unknown as (...args: unknown[]) => unknown;
    expect(() => spark.call(pairs, (a: number, b: number) => a + b, sub, Seconds(2), Seconds(1))).toThrow(
      "Fix: write reduceByKeyAndWindow(f, { invFunc, windowDuration, slideDuration })",
    );
    const byWindow = s.reduceByWindow as unknown as (...args: unknown[]) => unknown;
    expect(() => byWindow.call(s, (a: number, b: number) => a + b, sub, Seconds(2), Seconds(1))).toThrow(
      IllegalArgumentError,
    );
    expect(() => pairs.reduceByKeyAndWindow((a, b) => a + b, { windowDuration: 2 } as never)).toThrow(
      "expected a window duration or { windowDuration, slideDuration?, invFunc? }",
    );
  });
});
