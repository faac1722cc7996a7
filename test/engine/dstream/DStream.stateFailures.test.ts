import { describe, expect, it } from "vitest";
import {
  BatchFailedError,
  type DStream,
  type Duration,
  Seconds,
  type State,
  StateSpec,
} from "../../../engine";
import { manualContext, sortedBatches } from "../../helpers/testStreams";
import { filesUnder, watchFailures } from "../../helpers/timedStreams";

// The failure rules every stateful operator keeps: a failed batch is lost as a whole, and the
// next batch continues from the last good state.

type KV = [string, number];

interface StatefulOperator {
  name: string;
  /**
   * The running count per key of `pairs` as a stream of state snapshots; the operator's function
   * throws "bad record" for the key "boom". Checkpointed every `interval` when given.
   */
  runningCounts(pairs: DStream<KV>, interval?: Duration): DStream<KV>;
}

const operators: StatefulOperator[] = [
  {
    name: "updateStateByKey",
    runningCounts(pairs, interval) {
      const state = pairs.updateStateByKey((values: number[], s: number | undefined, key: string) => {
        if (key === "boom") throw new Error("bad record");
        return values.reduce((a, b) => a + b, s ?? 0);
      });
      return interval ? state.checkpoint(interval) : state;
    },
  },
  {
    name: "mapWithState",
    runningCounts(pairs, interval) {
      const mapped = pairs.mapWithState(
        StateSpec.function((key: string, value: number | undefined, s: State<number>) => {
          if (key === "boom") throw new Error("bad record");
          s.update((value ?? 0) + (s.getOption() ?? 0));
          return key;
        }),
      );
      if (interval) mapped.checkpoint(interval);
      return mapped.stateSnapshots();
    },
  },
];

describe.each(operators)("$name: failures", ({ runningCounts }) => {
  it("a function that throws in batch k fails that batch; the next continues from the last good state", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const { failures, termination } = watchFailures(ssc);
    const out = new Map<number, KV[]>();
    const words = ssc.queueStream([["a"], ["a", "b"], ["a", "boom"], ["a", "b"], ["b"]]);
    runningCounts(words.map((w) => [w, 1] as KV)).foreachRDD((rdd, t) => {
      out.set(t.milliseconds, rdd.collect());
    });
    ssc.start();
    await clock.advance(Seconds(5));
    expect(failures.get(2000)).toEqual([]);
    expect(failures.get(3000)).toHaveLength(1);
    expect(failures.get(3000)![0]).toMatch(
      /^Batch 3000 ms failed in output operation foreachRDD: bad record/,
    );
    expect(failures.get(4000)).toEqual([]);
    expect(failures.get(5000)).toEqual([]);
    expect(ssc.getState()).toBe("ACTIVE");
    // Batch 3 is lost as a whole ("a" too); batch 4 starts from batch 2's state {a: 2, b: 1}.
    expect(out.has(3000)).toBe(false);
    expect(sortedBatches([out.get(2000)!, out.get(4000)!, out.get(5000)!])).toEqual([
      [
        ["a", 2],
        ["b", 1],
      ],
      [
        ["a", 3],
        ["b", 2],
      ],
      [
        ["a", 3],
        ["b", 3],
      ],
    ]);
    await ssc.stop();
    const error = await termination;
    expect(error).toBeInstanceOf(BatchFailedError);
    expect((error as BatchFailedError).batchTimeMs).toBe(3000);
    expect(((error as BatchFailedError).cause as Error).message).toBe("bad record");
  });

  it("an error upstream of the state (a map that throws) fails only its batch too", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const { failures, termination } = watchFailures(ssc);
    const out: KV[][] = [];
    const pairs = ssc.queueStream([["a"], ["bad"], ["a"], ["a"]]).map((w) => {
      if (w === "bad") throw new Error("cannot parse");
      return [w, 1] as KV;
    });
    runningCounts(pairs).foreachRDD((rdd) => {
      out.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect([...failures.values()].map((f) => f.length)).toEqual([0, 1, 0, 0]);
    expect(out).toEqual([[["a", 1]], [["a", 2]], [["a", 3]]]);
    expect(await termination).toBeInstanceOf(BatchFailedError);
  });

  it("a transform that throws while its batch is planned fails only that batch", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const { failures } = watchFailures(ssc);
    const out: KV[][] = [];
    const pairs = ssc
      .queueStream([["a"], ["a"], ["a"]])
      .transform((rdd, t) => {
        if (t.milliseconds === 2000) throw new Error("no RDD today");
        return rdd;
      })
      .map((w) => [w, 1] as KV);
    runningCounts(pairs).foreachRDD((rdd) => {
      out.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(failures.get(2000)![0]).toMatch(/no RDD today/);
    expect(failures.get(3000)).toEqual([]);
    expect(out).toEqual([[["a", 1]], [["a", 2]]]);
  });

  it("a failure in a checkpoint batch still checkpoints the last good state", async () => {
    const { ssc, clock, checkpointDir } = await manualContext({ checkpoint: true });
    watchFailures(ssc);
    const out: KV[][] = [];
    const words = ssc.queueStream([["a"], ["a", "boom"], ["a"], ["a"], ["a"]]);
    runningCounts(
      words.map((w) => [w, 1] as KV),
      Seconds(2),
    ).foreachRDD((rdd) => {
      out.push(rdd.collect());
    });
    ssc.start();
    await clock.advance(Seconds(5));
    await ssc.stop();
    expect(out).toEqual([[["a", 1]], [["a", 2]], [["a", 3]], [["a", 4]]]);
    expect(filesUnder(checkpointDir!).length).toBeGreaterThan(0);
  });
});
