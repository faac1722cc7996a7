import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { HashPartitioner, ShuffleDependency, ShuffledRDD } from "../../../engine/rdd/internal";
import { counting, shuffleDependencies, sorted } from "./support";

const sc = new BatchContext({ appName: "shuffled-rdd", parallelism: 2 });

const words = ["a", "b", "a", "c", "a", "b", "d", "a"];

describe("ShuffledRDD", () => {
  it("is what by-key operations return, with the partitioner they used", () => {
    const counts = sc
      .parallelize(words, 3)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 4);
    expect(counts).toBeInstanceOf(ShuffledRDD);
    expect(counts.partitioner).toBeInstanceOf(HashPartitioner);
    expect(counts.partitioner!.numPartitions).toBe(4);
    expect(counts.getNumPartitions()).toBe(4);
  });

  it("sends every key to exactly one reduce partition", () => {
    const counts = sc
      .parallelize(words, 3)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 3);
    const seen = new Map<string, number>();
    counts
      .glom()
      .collect()
      .forEach((items, i) => {
        for (const [k] of items) {
          expect(seen.has(k)).toBe(false);
          seen.set(k, i);
          expect(counts.partitioner!.getPartition(k)).toBe(i);
        }
      });
    expect(sorted(seen.keys())).toEqual(["a", "b", "c", "d"]);
  });

  it("combines on the map side: each map partition sends one record per key", () => {
    const counts = sc
      .parallelize(words, 2)
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((x, y) => x + y, 2);
    counts.collect();
    const [dep] = shuffleDependencies(counts);
    const sent = dep!.outputs!.map((buckets) => buckets!.flat().length);
    expect(sent).toEqual([3, 3]); // {a, b, c} from "a b a c", {a, b, d} from "a b d a"
  });

  it("groupByKey sends every value (no map-side combine)", () => {
    const grouped = sc
      .parallelize(words, 2)
      .map((w) => [w, 1] as [string, number])
      .groupByKey(2);
    grouped.collect();
    const [dep] = shuffleDependencies(grouped);
    expect(dep!.outputs!.map((buckets) => buckets!.flat().length)).toEqual([4, 4]);
  });

  it("keeps map outputs, so a second action does not re-run the map side", () => {
    const f = counting((w: string) => [w, 1] as [string, number]);
    const counts = sc
      .parallelize(words, 2)
      .map(f)
      .reduceByKey((x, y) => x + y);
    const first = sorted(counts.collect());
    expect(f.calls).toBe(words.length);
    expect(sorted(counts.collect())).toEqual(first);
    expect(f.calls).toBe(words.length);
  });

  it("recomputes a lost map output from lineage, and only that one", () => {
    const f = counting((w: string) => [w, 1] as [string, number]);
    const counts = sc
      .parallelize(words, 4)
      .map(f)
      .reduceByKey((x, y) => x + y, 3);
    const expected = sorted(counts.collect());
    const dep = counts.dependencies.find((d) => d instanceof ShuffleDependency)!;
    expect(dep.outputs).toHaveLength(4);
    dep.outputs![2] = undefined;
    f.calls = 0;
    expect(sorted(counts.collect())).toEqual(expected);
    expect(f.calls).toBe(2); // the two words of map partition 2
  });

  it("gives the same result however many partitions either side has", () => {
    const expected = [
      ["a", 4],
      ["b", 2],
      ["c", 1],
      ["d", 1],
    ];
    for (const maps of [1, 3, 8]) {
      for (const reduces of [1, 2, 5]) {
        const counts = sc
          .parallelize(words, maps)
          .map((w) => [w, 1] as [string, number])
          .reduceByKey((x, y) => x + y, reduces);
        expect(sorted(counts.collect())).toEqual(expected);
      }
    }
  });

  it("a merge function that mutates its first argument is safe across repeated actions", () => {
    // Spark allows aggregateByKey's and combineByKey's functions to modify and return their first
    // argument; the kept map outputs must not absorb those changes.
    const lists = sc
      .parallelize(words, 3)
      .map((w) => [w, w] as [string, string])
      .aggregateByKey(
        [] as string[],
        (acc, v) => {
          acc.push(v);
          return acc;
        },
        (a, b) => {
          a.push(...b);
          return a;
        },
      );
    const expected = [
      ["a", ["a", "a", "a", "a"]],
      ["b", ["b", "b"]],
      ["c", ["c"]],
      ["d", ["d"]],
    ];
    expect(sorted(lists.collect())).toEqual(expected);
    expect(sorted(lists.collect())).toEqual(expected);
    expect(lists.count()).toBe(4);
    expect(sorted(lists.collect())).toEqual(expected);
  });

  it("changing a combiner after the shuffle does not change the next action's result", () => {
    const sums = sc
      .parallelize(words, 2)
      .map((w) => [w, 1] as [string, number])
      .combineByKey(
        (v) => ({ n: v }),
        (c, v) => ({ n: c.n + v }),
        (a, b) => ({ n: a.n + b.n }),
      );
    for (const [, c] of sums.collect()) c.n = -1;
    expect(sorted(sums.mapValues((c) => c.n).collect())).toEqual([
      ["a", 4],
      ["b", 2],
      ["c", 1],
      ["d", 1],
    ]);
  });
});
