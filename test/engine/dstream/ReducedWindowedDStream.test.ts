import { describe, expect, it } from "vitest";
import { BatchFailedError, CheckpointError, Seconds } from "../../../engine";
import { bigInput } from "../../fixtures/sparkSuiteData";
import { collectOutput, manualContext, runOperation, sortedBatches } from "../../helpers/testStreams";
import { runTimedOperation, watchFailures } from "../../helpers/timedStreams";

type KV = [string, number];
const add = (a: number, b: number) => a + b;
const sub = (a: number, b: number) => a - b;

// ---- Spark's WindowOperationsSuite data ------------------------------------------------------

const largerSlideInput: KV[][] = [
  [["a", 1]],
  [["a", 2]], // 1st window from here
  [["a", 3]],
  [["a", 4]], // 2nd window from here
  [["a", 5]],
  [["a", 6]], // 3rd window from here
  [],
  [], // 4th window from here
];
const largerSlideReduceOutput: KV[][] = [[["a", 3]], [["a", 10]], [["a", 18]], [["a", 11]]];

const w = (...pairs: KV[]) => pairs;
const bigReduceOutput: KV[][] = [
  w(["a", 1]),
  w(["a", 2], ["b", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 1]),
  w(["a", 1]),
  w(["a", 1]),
  w(["a", 2], ["b", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 1]),
  w(["a", 1]),
];

// With an inverse function but no filter, keys whose values were all subtracted stay, at zero.
const bigReduceInvOutput: KV[][] = [
  w(["a", 1]),
  w(["a", 2], ["b", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 1], ["c", 0]),
  w(["a", 1], ["b", 0], ["c", 0]),
  w(["a", 1], ["b", 0], ["c", 0]),
  w(["a", 2], ["b", 1], ["c", 0]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 2], ["c", 1]),
  w(["a", 2], ["b", 1], ["c", 0]),
  w(["a", 1], ["b", 0], ["c", 0]),
];

type Variant = "plain" | "inverse" | "filtered";

/** Spark's testReduceByKeyAndWindow / ...WithInverse / ...WithFilteredInverse in one. */
async function reduceByKeyAndWindow(
  variant: Variant,
  input: KV[][],
  expectedWindows: number,
  window = 2,
  slide = 1,
): Promise<KV[][]> {
  const out = await runOperation<KV, KV>(
    input,
    (s) =>
      variant === "plain"
        ? s.reduceByKeyAndWindow(add, Seconds(window), Seconds(slide))
        : variant === "inverse"
          ? s.reduceByKeyAndWindow(add, {
              invFunc: sub,
              windowDuration: Seconds(window),
              slideDuration: Seconds(slide),
            })
          : s.reduceByKeyAndWindow(add, {
              invFunc: sub,
              windowDuration: Seconds(window),
              slideDuration: Seconds(slide),
              filterFunc: (kv) => kv[1] !== 0,
            }),
    { numBatches: expectedWindows * slide, checkpoint: variant !== "plain" },
  );
  return sortedBatches(out);
}

describe.each<Variant>(["plain", "inverse"])(
  "reduceByKeyAndWindow (%s, WindowOperationsSuite)",
  (variant) => {
    it("basic reduction", async () => {
      expect(await reduceByKeyAndWindow(variant, [w(["a", 1], ["a", 3])], 1)).toEqual([[["a", 4]]]);
    });

    it("key already in window and new value added into window", async () => {
      expect(await reduceByKeyAndWindow(variant, [w(["a", 1]), w(["a", 1])], 2)).toEqual([
        [["a", 1]],
        [["a", 2]],
      ]);
    });

    it("new key added into window", async () => {
      expect(await reduceByKeyAndWindow(variant, [w(["a", 1]), w(["a", 1], ["b", 1])], 2)).toEqual([
        [["a", 1]],
        [
          ["a", 2],
          ["b", 1],
        ],
      ]);
    });

    it("key removed from window", async () => {
      const out = await reduceByKeyAndWindow(variant, [w(["a", 1]), w(["a", 1]), [], []], 4);
      // Without a filter the inverse version keeps the key at zero; the plain one has nothing.
      expect(out).toEqual([[["a", 1]], [["a", 2]], [["a", 1]], variant === "plain" ? [] : [["a", 0]]]);
    });

    it("larger slide time: window 4 s, slide 2 s", async () => {
      expect(await reduceByKeyAndWindow(variant, largerSlideInput, 4, 4, 2)).toEqual(largerSlideReduceOutput);
    });

    it("big test", async () => {
      const expected = variant === "plain" ? bigReduceOutput : bigReduceInvOutput;
      expect(await reduceByKeyAndWindow(variant, bigInput, 12)).toEqual(sortedBatches(expected));
    });
  },
);

describe("reduceByKeyAndWindow with inverse and filter", () => {
  it("big test: the filter drops the zero counts, giving the plain version's windows", async () => {
    expect(await reduceByKeyAndWindow("filtered", bigInput, 12)).toEqual(sortedBatches(bigReduceOutput));
  });

  it("a key dropped by the filter comes back when new values arrive", async () => {
    const out = await reduceByKeyAndWindow("filtered", [w(["a", 1]), [], [], w(["a", 5])], 4);
    expect(out).toEqual([[["a", 1]], [["a", 1]], [], [["a", 5]]]);
  });

  it("a filter that drops keys still in the window is reported once values leave (Spark throws too)", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const errors: string[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e.message) });
    ssc
      .queueStream<KV>([w(["a", 1]), w(["a", 2]), [], []])
      .reduceByKeyAndWindow(add, {
        invFunc: sub,
        windowDuration: Seconds(2),
        slideDuration: Seconds(1),
        filterFunc: (kv) => kv[1] > 1,
      })
      .foreachRDD((rdd) => rdd.collect());
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    // At 1 s "a" = 1 is dropped although its batch stays in the window; at 4 s "a" = 2 leaves a
    // window that no longer holds "a", and that is where the engine can tell and say why.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Batch 4000 ms failed/);
    expect(errors[0]).toMatch(
      /key a are leaving the window.*filter function removed it.*Fix: make the filter/,
    );
  });
});

// ---- with and without inverse: the same windows --------------------------------------------

/** Deterministic pseudo-random batches of (key, count) pairs, some empty. */
function randomInput(batches: number, seed: number): KV[][] {
  let x = seed;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  return Array.from({ length: batches }, () => {
    if (next() < 0.2) return [];
    const n = 1 + Math.floor(next() * 5);
    return Array.from(
      { length: n },
      () => ["abcde"[Math.floor(next() * 5)]!, 1 + Math.floor(next() * 3)] as KV,
    );
  });
}

/** The expected window at each slide, computed directly from the batches in (t - length, t]. */
function bruteForce(input: KV[][], window: number, slide: number, windows: number): KV[][] {
  const out: KV[][] = [];
  for (let i = 1; i <= windows; i++) {
    const t = i * slide; // batch t holds input[t - 1]
    const sums = new Map<string, number>();
    for (let b = Math.max(1, t - window + 1); b <= t; b++) {
      for (const [k, v] of input[b - 1] ?? []) sums.set(k, (sums.get(k) ?? 0) + v);
    }
    out.push([...sums]);
  }
  return sortedBatches(out);
}

describe.each([
  { window: 1, slide: 1, name: "window = slide = batch" },
  { window: 2, slide: 2, name: "window = slide = 2 batches" },
  { window: 2, slide: 1, name: "window 2x slide" },
  { window: 4, slide: 2, name: "window 2x slide, slide 2x batch" },
  { window: 6, slide: 2, name: "window 3x slide, slide 2x batch" },
  { window: 3, slide: 3, name: "tumbling, slide 3x batch" },
  { window: 2, slide: 3, name: "slide longer than the window (batches between windows skipped)" },
  { window: 1, slide: 4, name: "one batch every 4" },
])("reduceByKeyAndWindow with and without inverse agree: $name", ({ window, slide }) => {
  const input = randomInput(24, window * 31 + slide);
  const windows = 24 / slide;
  const expected = bruteForce(input, window, slide, windows);

  it("without inverse", async () => {
    expect(await reduceByKeyAndWindow("plain", input, windows, window, slide)).toEqual(expected);
  });

  it("with inverse and a zero filter", async () => {
    expect(await reduceByKeyAndWindow("filtered", input, windows, window, slide)).toEqual(expected);
  });

  it("with inverse: the same, plus keys at zero", async () => {
    const out = await reduceByKeyAndWindow("inverse", input, windows, window, slide);
    expect(out.map((b) => b.filter((kv) => kv[1] !== 0))).toEqual(expected);
  });
});

describe("reduceByKeyAndWindow with inverse: checkpointing", () => {
  it("without ssc.checkpoint(dir), start() fails with a CheckpointError naming the fix", async () => {
    const { ssc } = await manualContext();
    ssc
      .queueStream<KV>([])
      .reduceByKeyAndWindow(add, { invFunc: sub, windowDuration: Seconds(2) })
      .foreachRDD(() => {});
    expect(() => ssc.start()).toThrow(CheckpointError);
    expect(() => ssc.start()).toThrow(
      /reduceByKeyAndWindow needs checkpointing.*Fix: call ssc\.checkpoint\(/,
    );
    expect(ssc.getState()).toBe("INITIALIZED");
  });

  it("the plain version needs no checkpoint directory", async () => {
    const out = await runOperation<KV, KV>([w(["a", 1])], (s) => s.reduceByKeyAndWindow(add, Seconds(2)));
    expect(out).toEqual([[["a", 1]]]);
  });

  it("checkpoints window RDDs every 10 s by default, so lineage stays short however long it runs", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const debug: number[] = [];
    const windowed = ssc
      .generatorStream((t) => [["k", t.milliseconds / 1000] as KV], 1)
      .reduceByKeyAndWindow(add, { invFunc: sub, windowDuration: Seconds(3) });
    windowed.foreachRDD((rdd) => {
      rdd.collect();
      debug.push(rdd.toDebugString().split("\n").length);
    });
    ssc.start();
    await clock.advance(Seconds(60));
    await ssc.stop();
    expect(windowed.checkpointDuration?.milliseconds).toBe(10_000);
    // At each checkpoint (10 s, 20 s, ...) the window's lineage is cut to the saved data; between
    // checkpoints it grows by one window per batch, then is cut again: it never keeps growing.
    for (const i of [9, 19, 29, 39, 49, 59]) expect(debug[i], `at ${i + 1} s`).toBeLessThanOrEqual(2);
    expect(Math.max(...debug.slice(40))).toBeLessThanOrEqual(Math.max(...debug.slice(10, 20)));
  });

  it("gives correct windows across checkpoints (values are recomputed from the saved window)", async () => {
    const input = randomInput(40, 7);
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const out: KV[][] = [];
    ssc
      .queueStream(input.map((b) => [...b]))
      .reduceByKeyAndWindow(add, {
        invFunc: sub,
        windowDuration: Seconds(4),
        slideDuration: Seconds(2),
        filterFunc: (kv) => kv[1] !== 0,
      })
      .checkpoint(Seconds(4))
      .foreachRDD((rdd) => {
        out.push(rdd.collect());
      });
    ssc.start();
    await clock.advance(Seconds(40));
    await ssc.stop();
    expect(sortedBatches(out)).toEqual(bruteForce(input, 4, 2, 20));
  });

  it("keeps the per-batch reductions only as long as the window needs them", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    ssc
      .generatorStream((t) => [["k", t.milliseconds] as KV], 1)
      .reduceByKeyAndWindow(add, { invFunc: sub, windowDuration: Seconds(4), slideDuration: Seconds(2) })
      .foreachRDD((rdd) => rdd.count());
    ssc.start();
    await clock.advance(Seconds(100));
    for (const s of ssc.graph.allStreams()) {
      const bound = s.rememberDuration!.div(s.slideDuration) + 1;
      expect(s.generatedRDDs.size, `${s}`).toBeLessThanOrEqual(bound);
      expect(bound).toBeLessThan(50);
    }
    await ssc.stop();
  });
});

describe("reduceByKeyAndWindow: output times", () => {
  it("with inverse, produces windows only at the slide", async () => {
    const out = await runTimedOperation<KV, KV>(
      largerSlideInput,
      (s) =>
        s.reduceByKeyAndWindow(add, { invFunc: sub, windowDuration: Seconds(4), slideDuration: Seconds(2) }),
      { checkpoint: true },
    );
    expect(out.map((b) => b.time)).toEqual([2000, 4000, 6000, 8000]);
  });

  it("a failing reduce function fails the batch, not the context", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const infos: string[][] = [];
    ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b.failures) });
    ssc
      .queueStream<KV>([w(["a", 1], ["a", 2])])
      .reduceByKeyAndWindow(
        () => {
          throw new Error("boom");
        },
        { invFunc: sub, windowDuration: Seconds(2) },
      )
      .foreachRDD((rdd) => rdd.collect());
    const term = ssc.awaitTermination().then(
      () => undefined,
      (e: Error) => e,
    );
    ssc.start();
    await clock.advance(Seconds(2));
    expect(infos[0]![0]).toMatch(/boom/);
    expect(ssc.getState()).toBe("ACTIVE");
    await ssc.stop();
    expect(await term).toBeInstanceOf(BatchFailedError);
  });

  it("recovers once the batch that made the reduce function throw has left the window", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const { failures } = watchFailures(ssc);
    const addPositive = (a: number, b: number) => {
      if (a < 0 || b < 0) throw new Error("negative count");
      return a + b;
    };
    const out = collectOutput(
      ssc
        .queueStream<KV>([w(["a", 1]), w(["a", 2], ["a", -100]), w(["a", 3]), w(["a", 4]), w(["a", 5])])
        .reduceByKeyAndWindow(addPositive, {
          invFunc: sub,
          windowDuration: Seconds(2),
          slideDuration: Seconds(1),
        }),
    );
    ssc.start();
    await clock.advance(Seconds(5));
    await ssc.stop();
    // Windows at 2 s and 3 s hold the bad batch and fail; from 4 s on the windows are computed
    // afresh, then incrementally again, instead of building on the failed ones forever.
    expect([...failures].filter(([, f]) => f.length > 0).map(([t]) => t)).toEqual([2000, 3000]);
    expect(out).toEqual([
      { time: 1000, records: [["a", 1]] },
      { time: 4000, records: [["a", 7]] },
      { time: 5000, records: [["a", 9]] },
    ]);
  });
});
