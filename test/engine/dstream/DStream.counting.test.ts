import { describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import { collectBatches, manualContext, runOperation, sortedBatches } from "../../helpers/testStreams";

describe("count", () => {
  it("gives one record per batch: its size, and a single 0 for an empty batch (BasicOperationsSuite)", async () => {
    const input = [[], [1], [1, 2], [1, 2, 3], [1, 2, 3, 4]];
    const out = await runOperation(input, (s) => s.count());
    expect(out).toEqual([[0], [1], [2], [3], [4]]);
  });

  it("gives 0 for a batch with no partitions at all (a drained queue)", async () => {
    const out = await runOperation([["x"]], (s) => s.count(), { numBatches: 3 });
    expect(out).toEqual([[1], [0], [0]]);
  });

  it("counts records spread over many partitions", async () => {
    const input = [Array.from({ length: 1000 }, (_, i) => i)];
    const out = await runOperation(input, (s) => s.repartition(7).count());
    expect(out).toEqual([[1000]]);
  });
});

describe("countByValue", () => {
  it("counts each distinct record in each batch (BasicOperationsSuite)", async () => {
    const input = [["a", "b", "a"], [], ["b", "b", "c"]];
    const out = await runOperation(input, (s) => s.countByValue());
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 2],
        ["b", 1],
      ],
      [],
      [
        ["b", 2],
        ["c", 1],
      ],
    ]);
  });

  it("counts tuples by value", async () => {
    const input: [string, number][][] = [
      [
        ["x", 1],
        ["x", 1],
        ["x", 2],
      ],
    ];
    const out = await runOperation(input, (s) => s.countByValue(1));
    expect(sortedBatches(out)).toEqual([
      [
        [["x", 1], 2],
        [["x", 2], 1],
      ],
    ]);
  });
});

describe("countByValue: keys", () => {
  it("names countByValue (the operator called), not reduceByKey, when a record cannot be a key", async () => {
    const { ssc, clock } = await manualContext();
    ssc
      .queueStream<unknown>([[{ user: "a" }]])
      .countByValue()
      .foreachRDD((rdd) => rdd.collect());
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(infos[0]!.failures[0]).toMatch(
      /countByValue: the key \{"user":"a"\} \(an object\) cannot be compared/,
    );
  });

  it("uses the asked number of partitions", async () => {
    const out = await runOperation([["a", "b", "c"]], (s) =>
      s.countByValue(3).transform((rdd) => rdd.context.parallelize([rdd.getNumPartitions()], 1)),
    );
    expect(out).toEqual([[3]]);
  });
});

describe("reduce", () => {
  it("folds each non-empty batch into one record; an empty batch stays empty (BasicOperationsSuite)", async () => {
    const input = [[1, 2, 3], [], [10], [4, 5, 6, 7]];
    const out = await runOperation(input, (s) => s.reduce((a, b) => a + b));
    expect(out).toEqual([[6], [], [10], [22]]);
  });

  it("works across partitions with a non-numeric record type", async () => {
    const out = await runOperation([["bb", "a", "cccc", "dd"]], (s) =>
      s.reduce((x, y) => (x.length >= y.length ? x : y)),
    );
    expect(out).toEqual([["cccc"]]);
  });
});
