import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { NonComparableKeyError } from "../../../engine/errors";
import {
  CoGroupedRDD,
  HashPartitioner,
  OneToOneDependency,
  type RDD,
  ShuffleDependency,
} from "../../../engine/rdd/internal";
import { sorted } from "./support";

const sc = new BatchContext({ appName: "cogrouped-rdd", parallelism: 2 });

function pairs<V>(data: [unknown, V][], slices = 2): RDD<[unknown, V]> {
  return sc.parallelize(data, slices);
}

describe("CoGroupedRDD", () => {
  it("groups any number of parents: one value list per parent, in parent order", () => {
    const a = pairs([
      ["k", 1],
      ["j", 2],
      ["k", 3],
    ]);
    const b = pairs([["k", "x"]], 1);
    const c = pairs([
      ["j", true],
      ["m", false],
    ]);
    const grouped = new CoGroupedRDD<unknown>([a, b, c], new HashPartitioner(3), "cogroup");
    expect(grouped.getNumPartitions()).toBe(3);
    const result = grouped.collect().map(([k, groups]) => [k, groups.map((g) => sorted(g))]);
    expect(sorted(result)).toEqual([
      ["j", [[2], [], [true]]],
      ["k", [[1, 3], ["x"], []]],
      ["m", [[], [], [false]]],
    ]);
  });

  it("places each key in the partition its partitioner chooses, once", () => {
    const part = new HashPartitioner(4);
    const a = pairs(
      Array.from({ length: 30 }, (_, i) => [i % 11, i] as [unknown, number]),
      3,
    );
    const b = pairs(
      Array.from({ length: 10 }, (_, i) => [i % 13, i] as [unknown, number]),
      2,
    );
    const grouped = new CoGroupedRDD<unknown>([a, b], part, "cogroup");
    expect(grouped.partitioner).toBe(part);
    const seen: unknown[] = [];
    grouped
      .glom()
      .collect()
      .forEach((items, i) => {
        for (const [k] of items) {
          expect(part.getPartition(k)).toBe(i);
          seen.push(k);
        }
      });
    expect(sorted(seen)).toEqual(Array.from({ length: 11 }, (_, i) => i)); // 0..10 from a, 0..9 from b
  });

  it("reads a parent partitioned the same way without a shuffle, and shuffles the others", () => {
    const part = new HashPartitioner(2);
    const placed = pairs([["a", 1]]).partitionBy(part);
    const loose = pairs([["a", 2]]);
    const grouped = new CoGroupedRDD<unknown>([placed, loose], new HashPartitioner(2), "join");
    const [first, second] = grouped.dependencies;
    expect(first).toBeInstanceOf(OneToOneDependency);
    expect(first!.rdd).toBe(placed);
    expect(second).toBeInstanceOf(ShuffleDependency);
    expect((second as ShuffleDependency<unknown, unknown, unknown>).operator).toBe("join");
    expect(grouped.collect()).toEqual([["a", [[1], [2]]]]);
  });

  it("merges tuple keys by value across parents", () => {
    const a = pairs([[["x", 1], "left"]]);
    const b = pairs([
      [["x", 1], "right"],
      [["x", 2], "other"],
    ]);
    const grouped = new CoGroupedRDD<unknown>([a, b], new HashPartitioner(2), "cogroup");
    expect(sorted(grouped.collect())).toEqual([
      [
        ["x", 1],
        [["left"], ["right"]],
      ],
      [
        ["x", 2],
        [[], ["other"]],
      ],
    ]);
  });

  it("rejects an object key, naming its operator", () => {
    const grouped = new CoGroupedRDD<unknown>(
      [pairs([[{ id: 1 }, 1]]), pairs([["a", 2]])],
      new HashPartitioner(2, "fullOuterJoin"),
      "fullOuterJoin",
    );
    expect(() => grouped.collect()).toThrow(NonComparableKeyError);
    expect(() => grouped.collect()).toThrow(/^fullOuterJoin: the key \{"id":1\}/);
  });

  it("is what cogroup returns, and the join family builds on it", () => {
    const a = pairs([["k", 1]]);
    const b = pairs([["k", 2]]);
    expect(a.cogroup(b)).toBeInstanceOf(CoGroupedRDD);
    expect(a.join(b).dependencies[0]!.rdd).toBeInstanceOf(CoGroupedRDD);
  });
});
