import { describe, expect, it } from "vitest";
import { CheckpointError, Seconds } from "../../../engine";
import { bigInput } from "../../fixtures/sparkSuiteData";
import { manualContext, runOperation, sortedBatches } from "../../helpers/testStreams";
import { runTimedOperation } from "../../helpers/timedStreams";

// The operators built on window and reduceByKeyAndWindow (DStream.ts one-liners), with the data
// of Spark's WindowOperationsSuite where it has a test. Batch 1 s throughout.

describe("countByWindow", () => {
  it("counts the records of each window (WindowOperationsSuite)", async () => {
    const input = [[1], [1], [1, 2], [0], [], []];
    const out = await runOperation(input, (s) => s.countByWindow(Seconds(2), Seconds(1)), {
      checkpoint: true,
    });
    // Incremental: once data has been seen, an empty window counts 0 rather than disappearing.
    expect(out).toEqual([[1], [2], [3], [3], [1], [0]]);
  });

  it("with a slide of 2 batches, counts every 2 s", async () => {
    const input = [[1], [1, 1], [1], [], [1, 1, 1], [1]];
    const out = await runTimedOperation(input, (s) => s.countByWindow(Seconds(4), Seconds(2)), {
      checkpoint: true,
    });
    expect(out).toEqual([
      { time: 2000, records: [3] },
      { time: 4000, records: [4] },
      { time: 6000, records: [5] },
    ]);
  });

  it("needs a checkpoint directory (it subtracts the batches that leave)", async () => {
    const { ssc } = await manualContext();
    ssc
      .queueStream<number>([])
      .countByWindow(Seconds(2), Seconds(1))
      .foreachRDD(() => {});
    expect(() => ssc.start()).toThrow(CheckpointError);
    expect(() => ssc.start()).toThrow(/Fix: call ssc\.checkpoint\("some\/dir"\)/);
  });
});

describe("reduceByWindow", () => {
  const input = [[1], [2, 3], [4], [], [], [5]];

  it("without inverse: each window reduced from its batches; an empty window gives nothing", async () => {
    const out = await runOperation(input, (s) => s.reduceByWindow((a, b) => a + b, Seconds(2), Seconds(1)));
    expect(out).toEqual([[1], [6], [9], [4], [], [5]]);
  });

  it("with inverse: the same windows, and 0 once everything has left", async () => {
    const out = await runOperation(
      input,
      (s) =>
        s.reduceByWindow((a, b) => a + b, {
          invFunc: (a, b) => a - b,
          windowDuration: Seconds(2),
          slideDuration: Seconds(1),
        }),
      { checkpoint: true },
    );
    expect(out).toEqual([[1], [6], [9], [4], [0], [5]]);
  });

  it("window = slide (tumbling), with and without inverse", async () => {
    const plain = await runOperation(input, (s) => s.reduceByWindow((a, b) => a + b, Seconds(2), Seconds(2)));
    const inverse = await runOperation(
      input,
      (s) =>
        s.reduceByWindow((a, b) => a + b, {
          invFunc: (a, b) => a - b,
          windowDuration: Seconds(2),
          slideDuration: Seconds(2),
        }),
      { checkpoint: true },
    );
    expect(plain).toEqual([[6], [4], [5]]);
    expect(inverse).toEqual([[6], [4], [5]]);
  });

  it("the plain version works with a non-invertible function (max)", async () => {
    const out = await runOperation([[3], [1], [2], [0]], (s) =>
      s.reduceByWindow(Math.max, Seconds(2), Seconds(1)),
    );
    expect(out).toEqual([[3], [3], [2], [2]]);
  });
});

describe("countByValueAndWindow", () => {
  it("counts each value per window (WindowOperationsSuite)", async () => {
    const input = [["a"], ["b", "b"], ["a", "b"]];
    const out = await runOperation(input, (s) => s.countByValueAndWindow(Seconds(2), Seconds(1)), {
      checkpoint: true,
    });
    expect(sortedBatches(out)).toEqual([
      [["a", 1]],
      [
        ["a", 1],
        ["b", 2],
      ],
      [
        ["a", 1],
        ["b", 3],
      ],
    ]);
  });

  it("drops values whose count fell to zero", async () => {
    const input = [["a"], ["b", "b"], ["a", "b"], [], [], ["b"]];
    const out = await runOperation(input, (s) => s.countByValueAndWindow(Seconds(2), Seconds(1)), {
      checkpoint: true,
    });
    expect(sortedBatches(out)).toEqual([
      [["a", 1]],
      [
        ["a", 1],
        ["b", 2],
      ],
      [
        ["a", 1],
        ["b", 3],
      ],
      [
        ["a", 1],
        ["b", 1],
      ],
      [],
      [["b", 1]],
    ]);
  });

  it("honours numPartitions", async () => {
    const { ssc, clock } = await manualContext({ checkpoint: true });
    const parts: number[] = [];
    ssc
      .queueStream([["x", "y", "z"]])
      .countByValueAndWindow(Seconds(2), Seconds(1), 3)
      .foreachRDD((rdd) => {
        parts.push(rdd.getNumPartitions());
      });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(parts).toEqual([3, 3]);
  });
});

describe("groupByKeyAndWindow", () => {
  type KV = [string, number];

  it("groups every value of each key in the window (WindowOperationsSuite, bigGroupByOutput)", async () => {
    const out = await runOperation(bigInput.slice(0, 8), (s) =>
      s.groupByKeyAndWindow(Seconds(2), Seconds(1)).mapValues((vs) => vs.length),
    );
    expect(sortedBatches(out)).toEqual([
      [["a", 1]],
      [
        ["a", 2],
        ["b", 1],
      ],
      [
        ["a", 2],
        ["b", 2],
        ["c", 1],
      ],
      [
        ["a", 2],
        ["b", 2],
        ["c", 1],
      ],
      [
        ["a", 2],
        ["b", 1],
      ],
      [["a", 1]],
      [["a", 1]],
      [
        ["a", 2],
        ["b", 1],
      ],
    ]);
  });

  it("with a slide of 2 batches, groups the values of the last 4 s every 2 s", async () => {
    const input: KV[][] = [[["a", 1]], [["a", 2]], [["b", 3]], [["a", 4]], [], []];
    const out = await runTimedOperation(input, (s) =>
      s.groupByKeyAndWindow(Seconds(4), Seconds(2)).mapValues((vs) => [...vs].sort()),
    );
    expect(out.map((b) => ({ time: b.time, records: sortedBatches([b.records])[0] }))).toEqual([
      { time: 2000, records: [["a", [1, 2]]] },
      {
        time: 4000,
        records: [
          ["a", [1, 2, 4]],
          ["b", [3]],
        ],
      },
      {
        time: 6000,
        records: [
          ["a", [4]],
          ["b", [3]],
        ],
      },
    ]);
  });

  it("needs no checkpoint directory", async () => {
    const out = await runOperation<KV, [string, number[]]>([[["a", 1]]], (s) =>
      s.groupByKeyAndWindow(Seconds(2)),
    );
    expect(out).toEqual([[["a", [1]]]]);
  });
});
