import { describe, expect, it } from "vitest";
import {
  BatchFailedError,
  CheckpointError,
  type DStream,
  HashPartitioner,
  InvalidDurationError,
  Milliseconds,
  Seconds,
  type State,
  StateSpec,
  type Time,
} from "../../../engine";
import { runningWordCounts, wordBatches } from "../../fixtures/sparkSuiteData";
import { manualContext, sortedBatches } from "../../helpers/testStreams";
import { filesUnder, lineageSize, watchFailures } from "../../helpers/timedStreams";

type KV = [string, number];

/**
 * Spark's MapWithStateSuite.testOperation: words become (word, 1), go through mapWithState, and
 * both the emitted records and the state snapshots are collected per batch.
 */
async function runMapWithState<U>(
  input: string[][],
  spec: StateSpec<string, number, number, U>,
  options: { numBatches?: number; batch?: ReturnType<typeof Seconds> } = {},
): Promise<{ mapped: U[][]; states: KV[][] }> {
  const { ssc, clock } = await manualContext({
    checkpoint: true,
    ...(options.batch ? { batch: options.batch } : {}),
  });
  const mapped: U[][] = [];
  const states: KV[][] = [];
  const stream = ssc
    .queueStream(input.map((b) => [...b]))
    .map((w) => [w, 1] as KV)
    .mapWithState(spec);
  stream.foreachRDD((rdd) => {
    mapped.push(rdd.collect());
  });
  stream.stateSnapshots().foreachRDD((rdd) => {
    states.push(rdd.collect());
  });
  ssc.start();
  await clock.advance((options.batch ?? Seconds(1)).times(options.numBatches ?? input.length));
  await ssc.stop();
  return { mapped: sortedBatches(mapped), states: sortedBatches(states) };
}

const sortedValues = <T>(batches: T[][]) => batches.map((b) => [...b].sort());

const inputData = [[], ...wordBatches];
const runningStates: KV[][] = [[], ...runningWordCounts];

const sumSoFar = (value: number | undefined, state: State<number>) => (value ?? 0) + (state.getOption() ?? 0);

describe("mapWithState (MapWithStateSuite)", () => {
  it("basic operations with simple API: a running count, returning the updated count", async () => {
    const spec = StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
      const sum = sumSoFar(v, s);
      s.update(sum);
      return sum;
    });
    const { mapped, states } = await runMapWithState(inputData, spec);
    expect(sortedValues(mapped)).toEqual([[], [1], [1, 2], [1, 2, 3], [3, 4], [5], []]);
    expect(states).toEqual(runningStates);
  });

  it("basic operations with advanced API: the batch time is passed, the key doubled is returned", async () => {
    const times: number[] = [];
    const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>, t: Time) => {
      times.push(t.milliseconds);
      s.update(sumSoFar(v, s));
      return k + k;
    });
    const { mapped, states } = await runMapWithState(inputData, spec);
    expect(mapped).toEqual([[], ["aa"], ["aa", "bb"], ["aa", "bb", "cc"], ["aa", "bb"], ["aa"], []]);
    expect(states).toEqual(runningStates);
    expect([...new Set(times)]).toEqual([2000, 3000, 4000, 5000, 6000]);
  });

  it("states as mapped data", async () => {
    const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
      const sum = sumSoFar(v, s);
      s.update(sum);
      return [k, sum] as KV;
    });
    const { mapped, states } = await runMapWithState(inputData, spec);
    expect(mapped).toEqual([
      [],
      [["a", 1]],
      [
        ["a", 2],
        ["b", 1],
      ],
      [
        ["a", 3],
        ["b", 2],
        ["c", 1],
      ],
      [
        ["a", 4],
        ["b", 3],
      ],
      [["a", 5]],
      [],
    ]);
    expect(states).toEqual(runningStates);
  });

  it("initial states, with nothing returned from the mapping function", async () => {
    const { sc, ssc, clock } = await manualContext({ checkpoint: true });
    const initial = sc.parallelize<KV>([
      ["a", 5],
      ["b", 10],
      ["c", -20],
      ["d", 0],
    ]);
    const spec = StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
      s.update(sumSoFar(v, s));
      return undefined;
    }).initialState(initial);
    const mapped: unknown[][] = [];
    const states: KV[][] = [];
    const stream = ssc
      .queueStream(inputData.map((b) => [...b]))
      .map((w) => [w, 1] as KV)
      .mapWithState(spec);
    stream.foreachRDD((rdd) => {
      mapped.push(rdd.collect());
    });
    stream.stateSnapshots().foreachRDD((rdd) => {
      states.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(Seconds(7));
    await ssc.stop();
    expect(mapped).toEqual(inputData.map(() => []));
    const d = (a: number, b: number, c: number): KV[] => [
      ["a", a],
      ["b", b],
      ["c", c],
      ["d", 0],
    ];
    expect(sortedBatches(states)).toEqual([
      d(5, 10, -20),
      d(6, 10, -20),
      d(7, 11, -20),
      d(8, 12, -19),
      d(9, 13, -19),
      d(10, 13, -19),
      d(10, 13, -19),
    ]);
  });

  it("state removing (one partition)", async () => {
    const input = [[], ["a"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c"], ["a", "b"], ["a"], []];
    // A key seen while it has state is removed (and returned); otherwise its state is set.
    const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
      if (s.exists()) {
        s.remove();
        return k;
      }
      s.update(v!);
      return undefined;
    }).numPartitions(1);
    const { mapped, states } = await runMapWithState(input, spec);
    expect(mapped).toEqual([[], [], ["a"], ["b"], ["a", "c"], ["b"], ["a"], []]);
    expect(states).toEqual([
      [],
      [["a", 1]],
      [["b", 1]],
      [
        ["a", 1],
        ["c", 1],
      ],
      [["b", 1]],
      [["a", 1]],
      [],
      [],
    ]);
  });

  it("state timing out: called once more with isTimingOut(), then removed", async () => {
    const input = [
      ["a", "b", "c"],
      ["a", "b"],
      ["a"],
      [], // c times out (idle since 1 s, timeout 3 s) at the first batch after 4 s
      [], // b times out
      ["a"], // a will not time out
      ...Array.from({ length: 20 }, () => ["a"]), // a stays active
    ];
    const calls: string[] = [];
    const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>, t: Time) => {
      if (v !== undefined) s.update(1);
      if (s.isTimingOut()) {
        calls.push(`${k}@${t.milliseconds}:${v}:${s.get()}`);
        return k;
      }
      return undefined;
    }).timeout(Seconds(3));
    const { mapped, states } = await runMapWithState(input, spec);
    // b and c are emitted once each, when they time out.
    expect(mapped.flat().sort()).toEqual(["b", "c"]);
    expect(calls).toEqual(["c@5000:undefined:1", "b@6000:undefined:1"]);
    // States for a, b and c were all defined at one point; at the end only a's is.
    expect(
      states.some(
        (s) =>
          JSON.stringify(s) ===
          JSON.stringify(
            sortedBatches([
              [
                ["a", 1],
                ["b", 1],
                ["c", 1],
              ],
            ])[0],
          ),
      ),
    ).toBe(true);
    expect(states[states.length - 1]).toEqual([["a", 1]]);
    expect(states[4]).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
  });
});

describe("mapWithState: the mapping function", () => {
  it("is called once per record, in order, and sees the state left by the previous record", async () => {
    const seen: string[] = [];
    const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
      seen.push(`${k}:${s.getOption()}`);
      s.update(sumSoFar(v, s));
      return undefined;
    }).numPartitions(1);
    await runMapWithState([["a", "a", "b", "a"], []], spec);
    // Keys without new records (and without a timeout) are not called at all.
    expect(seen).toEqual(["a:undefined", "a:1", "b:undefined", "a:2"]);
  });

  it("returning undefined emits nothing; any other value (null, 0, false) is emitted", async () => {
    const spec = StateSpec.function((k: string, _v: number | undefined, _s: State<number>) =>
      k === "none" ? undefined : k === "null" ? null : k === "zero" ? 0 : false,
    );
    const { mapped } = await runMapWithState([["none", "null", "zero", "false"]], spec);
    expect(mapped[0]!.map(String).sort()).toEqual(["0", "false", "null"]);
  });

  it("a timed-out key that comes back starts with no state", async () => {
    const seen: string[] = [];
    const spec = StateSpec.function((_k: string, v: number | undefined, s: State<number>, t: Time) => {
      seen.push(`${t.milliseconds}:${s.exists()}:${s.isTimingOut()}`);
      if (!s.isTimingOut()) s.update(sumSoFar(v, s));
      return undefined;
    }).timeout(Seconds(2));
    const { states } = await runMapWithState([["k"], [], [], [], ["k"]], spec);
    expect(seen).toEqual(["1000:false:false", "4000:true:true", "5000:false:false"]);
    expect(states).toEqual([[["k", 1]], [["k", 1]], [["k", 1]], [], [["k", 1]]]);
  });

  it("a record refreshes its key's timeout even when the function does not update the state", async () => {
    const timedOut: number[] = [];
    const spec = StateSpec.function((_k: string, _v: number | undefined, s: State<number>, t: Time) => {
      if (s.isTimingOut()) timedOut.push(t.milliseconds);
      else if (!s.exists()) s.update(1);
      return undefined;
    }).timeout(Seconds(2));
    await runMapWithState([["k"], [], ["k"], [], [], [], []], spec);
    expect(timedOut).toEqual([6000]);
  });

  it("misusing State fails the batch with a StateAccessError that names the fix", async () => {
    const cases: [string, (s: State<number>) => void, RegExp][] = [
      ["get() on missing state", (s) => s.get(), /State\.get\(\): this key has no state\. Fix/],
      [
        "remove twice",
        (s) => {
          s.update(1);
          s.remove();
          s.remove();
        },
        /already been removed/,
      ],
    ];
    for (const [, misuse, message] of cases) {
      const { ssc, clock } = await manualContext({ checkpoint: true });
      const { failures, termination } = watchFailures(ssc);
      ssc
        .queueStream([["a"]])
        .map((w) => [w, 1] as KV)
        .mapWithState(
          StateSpec.function((_k: string, _v: number | undefined, s: State<number>) => {
            misuse(s);
            return undefined;
          }),
        )
        .foreachRDD((rdd) => rdd.collect());
      ssc.start();
      await clock.advance(Seconds(1));
      await ssc.stop();
      expect(failures.get(1000)![0]).toMatch(message);
      const error = (await termination) as BatchFailedError;
      expect(error).toBeInstanceOf(BatchFailedError);
      expect((error.cause as Error).name).toBe("StateAccessError");
    }
  });

  it("update() while timing out fails that batch", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const { failures } = watchFailures(ssc);
    ssc
      .queueStream([["a"]])
      .map((w) => [w, 1] as KV)
      .mapWithState(
        StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
          s.update(v ?? 0);
          return undefined;
        }).timeout(Seconds(1)),
      )
      .foreachRDD((rdd) => rdd.collect());
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(failures.get(1000)).toEqual([]);
    expect(failures.get(3000)![0]).toMatch(
      /cannot update a state that is timing out.*Fix: check state\.isTimingOut\(\)/,
    );
  });
});

describe("mapWithState: partitions", () => {
  async function partitionCounts(
    spec: StateSpec<string, number, number, string>,
    parallelism = 2,
  ): Promise<number[]> {
    const { sc, ssc, clock } = await manualContext({ checkpoint: true, parallelism });
    const parts: number[] = [];
    const stream = ssc
      .queueStream([["a", "b", "c", "d", "e"]])
      .map((w) => [w, 1] as KV)
      .mapWithState(spec);
    stream.stateSnapshots().foreachRDD((rdd) => {
      parts.push(rdd.getNumPartitions(), rdd.count());
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(sc).toBeDefined();
    return parts;
  }

  const f = (k: string, v: number | undefined, s: State<number>) => {
    s.update(v ?? 0);
    return k;
  };

  it("defaults to the context's parallelism", async () => {
    expect(await partitionCounts(StateSpec.function(f), 3)).toEqual([3, 5]);
  });

  it("numPartitions sets how many partitions hold the state", async () => {
    expect(await partitionCounts(StateSpec.function(f).numPartitions(4))).toEqual([4, 5]);
  });

  it("a partitioner places the state", async () => {
    expect(await partitionCounts(StateSpec.function(f).partitioner(new HashPartitioner(5)))).toEqual([5, 5]);
  });

  it("an initial state partitioned differently is placed by the state's partitioner", async () => {
    const { sc, ssc, clock } = await manualContext({ checkpoint: true });
    const initial = sc.parallelize<KV>(
      Array.from({ length: 10 }, (_, i) => [`k${i}`, i]),
      5,
    );
    const totals: number[] = [];
    ssc
      .queueStream([["k1", "k9"]])
      .map((w) => [w, 1] as KV)
      .mapWithState(
        StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
          s.update(sumSoFar(v, s));
          return undefined;
        })
          .initialState(initial)
          .numPartitions(3),
      )
      .stateSnapshots()
      .foreachRDD((rdd) => {
        totals.push(
          rdd.getNumPartitions(),
          rdd.count(),
          rdd.values().reduce((a, b) => a + b),
        );
      });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(totals).toEqual([3, 10, 45 + 2]);
  });
});

describe("mapWithState: checkpointing", () => {
  const spec = () =>
    StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
      s.update(sumSoFar(v, s));
      return k;
    });

  it("without ssc.checkpoint(dir), start() fails with a CheckpointError naming the fix", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<KV>([]).mapWithState(spec()).print();
    expect(() => ssc.start()).toThrow(CheckpointError);
    expect(() => ssc.start()).toThrow(
      /mapWithState needs checkpointing.*Fix: call ssc\.checkpoint\("some\/dir"\)/,
    );
  });

  it("checkpoint durations: 10 batches by default, or what checkpoint() on the stream says (Spark)", async () => {
    async function checkpointDuration(
      batch: ReturnType<typeof Seconds>,
      explicit?: ReturnType<typeof Seconds>,
    ) {
      const { ssc } = await manualContext({ checkpoint: true, batch });
      const stream = ssc.queueStream<KV>([]).mapWithState(spec());
      if (explicit) stream.checkpoint(explicit);
      stream.foreachRDD(() => {});
      ssc.start();
      const internal = ssc.graph
        .allStreams()
        .find((s) => s.constructor.name === "InternalMapWithStateDStream")!;
      await ssc.stop();
      // The emitted records are not checkpointed; the state is.
      expect(stream.checkpointDuration).toBeUndefined();
      return internal.checkpointDuration!.milliseconds;
    }
    expect(await checkpointDuration(Milliseconds(100))).toBe(1000);
    expect(await checkpointDuration(Seconds(1))).toBe(10_000);
    expect(await checkpointDuration(Seconds(10))).toBe(100_000);
    expect(await checkpointDuration(Milliseconds(100), Seconds(2))).toBe(2000);
    expect(await checkpointDuration(Seconds(1), Seconds(2))).toBe(2000);
    expect(await checkpointDuration(Seconds(10), Seconds(20))).toBe(20_000);
  });

  it("checkpoint(interval) not a multiple of the slide is an InvalidDurationError", async () => {
    const { ssc } = await manualContext({ checkpoint: true });
    const stream = ssc.queueStream<KV>([]).mapWithState(spec());
    expect(() => stream.checkpoint(Milliseconds(2500))).toThrow(InvalidDurationError);
    expect(() => stream.checkpoint(Milliseconds(2500))).toThrow(
      /multiple of its slide duration \(1000 ms\)\. Fix/,
    );
  });

  it("writes state checkpoints under the directory and keeps lineage short", async () => {
    const { ssc, clock, checkpointDir } = await manualContext({ checkpoint: true });
    const sizes: number[] = [];
    const debugLines: number[] = [];
    const stream = ssc
      .generatorStream((t) => [`w${(t.milliseconds / 1000) % 4}`], 2)
      .map((w) => [w, 1] as KV)
      .mapWithState(spec());
    stream.checkpoint(Seconds(4));
    stream.stateSnapshots().foreachRDD((rdd) => {
      rdd.collect();
      sizes.push(lineageSize(rdd));
      debugLines.push(rdd.toDebugString().split("\n").length);
    });
    ssc.start();
    await clock.advance(Seconds(80));
    await ssc.stop();
    // 19 state checkpoints of 2 partitions were written; those no kept metadata file references
    // any more were deleted again, so only the last few remain on disk.
    const parts = filesUnder(checkpointDir!).filter((f) => /part-\d+$/.test(f));
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.length).toBeLessThanOrEqual(2 * 4);
    expect(Math.max(...sizes.slice(40))).toBeLessThanOrEqual(Math.max(...sizes.slice(0, 8)));
    expect(Math.max(...debugLines.slice(40))).toBeLessThanOrEqual(Math.max(...debugLines.slice(0, 8)));
  });

  it("a state partition lost after its checkpoint is read back from the checkpoint files", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const states: KV[][] = [];
    const stream = ssc
      .queueStream([["a", "b"], ["a"], ["a"], ["a"]])
      .map((w) => [w, 1] as KV)
      .mapWithState(spec());
    stream.checkpoint(Seconds(2));
    stream.stateSnapshots().foreachRDD((rdd) => {
      states.push(sortedBatches([rdd.collect()])[0]!);
    });
    ssc.start();
    await clock.advance(Seconds(2));
    const internal = ssc.graph
      .allStreams()
      .find((s) => s.constructor.name === "InternalMapWithStateDStream")!;
    const saved = internal.generatedRDDs.get(2000)!;
    expect(saved.isCheckpointed).toBe(true);
    // As if the executor holding the cached state died: only the checkpoint files are left.
    for (let i = 0; i < saved.numPartitions; i++) saved.evictPartition(i);
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(states[3]).toEqual([
      ["a", 4],
      ["b", 1],
    ]);
  });

  it("keeps every stream's generatedRDDs bounded over many batches", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const stream: DStream<string> = ssc
      .generatorStream((t) => [`w${t.milliseconds % 7}`], 2)
      .map((w) => [w, 1] as KV)
      .mapWithState(spec().timeout(Seconds(5)));
    stream.foreachRDD((rdd) => rdd.count());
    ssc.start();
    await clock.advance(Seconds(200));
    for (const s of ssc.graph.allStreams()) {
      const bound = s.rememberDuration!.div(s.slideDuration) + 1;
      expect(s.generatedRDDs.size, `${s}`).toBeLessThanOrEqual(bound);
      expect(bound, `${s}`).toBeLessThanOrEqual(21);
    }
    await ssc.stop();
  });
});
