import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { IllegalArgumentError, NonComparableKeyError } from "../../../engine/errors";
import {
  CoalescedRDD,
  HashPartitioner,
  PartitionerAwareUnionRDD,
  ShuffleDependency,
  UnionRDD,
} from "../../../engine/rdd/internal";
import { bag, counting, sorted } from "./support";

const sc = new BatchContext({ appName: "rdd-transformations", parallelism: 3 });

describe("element-wise transformations", () => {
  it("map applies the function to every record and keeps the partition layout", () => {
    const rdd = sc.parallelize([1, 2, 3, 4], 2).map((x) => x * 10);
    expect(rdd.collect()).toEqual([10, 20, 30, 40]);
    expect(rdd.glom().collect()).toEqual([
      [10, 20],
      [30, 40],
    ]);
  });

  it("flatMap emits zero or more records per input, from any iterable", () => {
    const rdd = sc.parallelize(["a b", "", "c"], 2).flatMap((l) => (l === "" ? [] : l.split(" ")));
    expect(rdd.collect()).toEqual(["a", "b", "c"]);
    const fromGenerator = sc.parallelize([2, 3], 1).flatMap(function* (n) {
      for (let i = 0; i < n; i++) yield n;
    });
    expect(fromGenerator.collect()).toEqual([2, 2, 3, 3, 3]);
  });

  it("filter keeps only the records for which the predicate holds", () => {
    expect(
      sc
        .parallelize([1, 2, 3, 4, 5], 3)
        .filter((x) => x % 2 === 1)
        .collect(),
    ).toEqual([1, 3, 5]);
    expect(
      sc
        .parallelize([1, 2], 2)
        .filter(() => false)
        .collect(),
    ).toEqual([]);
  });

  it("transformations are lazy: nothing runs until an action", () => {
    const f = counting((x: number) => x + 1);
    const rdd = sc
      .parallelize([1, 2, 3], 2)
      .map(f)
      .filter((x) => x > 2);
    expect(f.calls).toBe(0);
    expect(rdd.collect()).toEqual([3, 4]);
    expect(f.calls).toBe(3);
  });

  it("a chain of narrow steps runs once per record per action (no intermediate recomputation)", () => {
    const f = counting((x: number) => x * 2);
    const g = counting((x: number) => x + 1);
    sc.parallelize([1, 2, 3, 4], 2)
      .map(f)
      .map(g)
      .filter(() => true)
      .count();
    expect([f.calls, g.calls]).toEqual([4, 4]);
  });

  it("an error thrown by a user function reaches the caller of the action", () => {
    const rdd = sc.parallelize([1, 2, 3], 1).map((x) => {
      if (x === 2) throw new Error("bad record 2");
      return x;
    });
    expect(() => rdd.collect()).toThrow("bad record 2");
  });
});

describe("partition-wise transformations", () => {
  it("mapPartitions sees each partition whole, with its index", () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5], 2);
    expect(rdd.mapPartitions((items, i) => [`${i}:${items.join("+")}`]).collect()).toEqual([
      "0:1+2",
      "1:3+4+5",
    ]);
    expect(rdd.mapPartitionsWithIndex((i, items) => items.map((x) => [i, x])).collect()).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [1, 4],
      [1, 5],
    ]);
  });

  it("mapPartitions keeps the partitioner only when asked to", () => {
    const byKey = sc.parallelize([["a", 1] as [string, number]], 2).partitionBy(new HashPartitioner(2));
    expect(byKey.mapPartitions((xs) => xs).partitioner).toBeUndefined();
    expect(byKey.mapPartitions((xs) => xs, true).partitioner).toBe(byKey.partitioner);
  });

  it("glom returns one array per partition, including empty ones", () => {
    expect(sc.parallelize([1, 2, 3], 2).glom().collect()).toEqual([[1], [2, 3]]);
    expect(sc.parallelize([1], 3).glom().collect()).toEqual([[], [], [1]]);
  });

  it("changing what glom or mapPartitions returned does not change a cached parent", () => {
    const cached = sc.parallelize([3, 1, 2], 1).cache();
    expect(cached.collect()).toEqual([3, 1, 2]);
    cached.glom().collect()[0]!.push(99);
    cached.mapPartitions((items) => items.sort()).collect();
    expect(cached.collect()).toEqual([3, 1, 2]);
  });

  it("keyBy pairs each record with the key computed from it", () => {
    const people = [
      { id: 7, name: "ada" },
      { id: 3, name: "bob" },
    ];
    expect(
      sc
        .parallelize(people, 2)
        .keyBy((p) => p.id)
        .collect(),
    ).toEqual([
      [7, people[0]],
      [3, people[1]],
    ]);
  });
});

describe("union", () => {
  it("concatenates the partitions of RDDs without a common partitioner", () => {
    const a = sc.parallelize([1, 2], 2);
    const b = sc.parallelize([3, 4, 5], 1);
    const u = a.union(b);
    expect(u).toBeInstanceOf(UnionRDD);
    expect(u.getNumPartitions()).toBe(3);
    expect(u.glom().collect()).toEqual([[1], [2], [3, 4, 5]]);
    expect(u.partitioner).toBeUndefined();
  });

  it("takes any number of RDDs, and an RDD with itself keeps duplicates", () => {
    const a = sc.parallelize([1], 1);
    expect(a.union(a, sc.parallelize([2], 1)).collect()).toEqual([1, 1, 2]);
  });

  it("keeps the partitioner when every input has the same one, so reduceByKey needs no shuffle", () => {
    const part = new HashPartitioner(3);
    const a = sc
      .parallelize<[string, number]>(
        [
          ["x", 1],
          ["y", 2],
        ],
        2,
      )
      .partitionBy(part);
    const b = sc
      .parallelize<[string, number]>(
        [
          ["x", 10],
          ["z", 3],
        ],
        1,
      )
      .partitionBy(new HashPartitioner(3));
    const u = a.union(b);
    expect(u).toBeInstanceOf(PartitionerAwareUnionRDD);
    expect(u.getNumPartitions()).toBe(3);
    expect(u.partitioner?.equals(part)).toBe(true);
    // Partition i holds exactly the keys the partitioner sends to i.
    u.glom()
      .collect()
      .forEach((items, i) => {
        for (const [k] of items) expect(part.getPartition(k)).toBe(i);
      });
    const summed = u.reduceByKey((x, y) => x + y);
    expect(summed.dependencies.some((d) => d instanceof ShuffleDependency)).toBe(false);
    expect(sorted(summed.collect())).toEqual([
      ["x", 11],
      ["y", 2],
      ["z", 3],
    ]);
  });

  it("falls back to concatenation when the partitioners differ", () => {
    const a = sc.parallelize<[string, number]>([["x", 1]], 1).partitionBy(new HashPartitioner(2));
    const b = sc.parallelize<[string, number]>([["x", 2]], 1).partitionBy(new HashPartitioner(3));
    const u = a.union(b);
    expect(u).toBeInstanceOf(UnionRDD);
    expect(u.getNumPartitions()).toBe(5);
    expect(u.collect()).toEqual([
      ["x", 1],
      ["x", 2],
    ]);
  });
});

describe("zip", () => {
  it("pairs the i-th records of two RDDs with the same layout", () => {
    const a = sc.parallelize([1, 2, 3], 2);
    expect(a.zip(a.map((x) => `#${x}`)).collect()).toEqual([
      [1, "#1"],
      [2, "#2"],
      [3, "#3"],
    ]);
  });

  it("refuses RDDs with different partition counts when it is called", () => {
    const a = sc.parallelize([1, 2], 2);
    const b = sc.parallelize([1, 2], 1);
    expect(() => a.zip(b)).toThrow(IllegalArgumentError);
    expect(() => a.zip(b)).toThrow(/same number of partitions \(2 vs 1\)/);
  });

  it("fails the action when a partition has different record counts on each side", () => {
    const a = sc.parallelize([1, 2, 3, 4], 2);
    const zipped = a.zip(a.filter((x) => x !== 4));
    expect(() => zipped.collect()).toThrow(IllegalArgumentError);
    expect(() => zipped.collect()).toThrow(/partition 1 has 2 records on the left and 1 on the right/);
  });
});

describe("zipWithIndex", () => {
  it("numbers records in order across partitions of uneven size", () => {
    const rdd = sc.parallelize(["a", "b", "c", "d", "e"], 3).filter((x) => x !== "b");
    expect(rdd.zipWithIndex().collect()).toEqual([
      ["a", 0],
      ["c", 1],
      ["d", 2],
      ["e", 3],
    ]);
  });

  it("skips empty partitions without leaving gaps", () => {
    expect(sc.parallelize(["x", "y"], 4).zipWithIndex().collect()).toEqual([
      ["x", 0],
      ["y", 1],
    ]);
  });
});

describe("distinct", () => {
  it("removes duplicates, comparing tuples by value", () => {
    const rdd = sc.parallelize<unknown>([1, 2, 1, "1", ["a", 1], ["a", 1], ["a", 2], null, null], 3);
    expect(bag(rdd.distinct().collect())).toEqual(bag([null, 1, 2, "1", ["a", 1], ["a", 2]]));
  });

  it("uses the partition count it is given", () => {
    const d = sc.parallelize([1, 2, 2, 3], 1).distinct(4);
    expect(d.getNumPartitions()).toBe(4);
    expect(sorted(d.collect())).toEqual([1, 2, 3]);
  });

  it("rejects records that cannot be compared by value, naming distinct", () => {
    const rdd = sc.parallelize([{ a: 1 }, { a: 1 }], 2);
    expect(() => rdd.distinct().collect()).toThrow(NonComparableKeyError);
    expect(() => rdd.distinct().collect()).toThrow(/^distinct: the key \{"a":1\}/);
  });
});

describe("groupBy", () => {
  it("groups records by the computed key", () => {
    const groups = sc
      .parallelize([1, 2, 3, 4, 5, 6], 3)
      .groupBy((x) => (x % 2 === 0 ? "even" : "odd"))
      .mapValues((xs) => sorted(xs))
      .collect();
    expect(sorted(groups)).toEqual([
      ["even", [2, 4, 6]],
      ["odd", [1, 3, 5]],
    ]);
  });

  it("takes a partition count, and rejects an object key naming groupBy", () => {
    expect(
      sc
        .parallelize([1, 2], 1)
        .groupBy((x) => x, 5)
        .getNumPartitions(),
    ).toBe(5);
    const bad = sc.parallelize([1, 2], 2).groupBy((x) => ({ x }));
    expect(() => bad.collect()).toThrow(NonComparableKeyError);
    expect(() => bad.collect()).toThrow(/^groupBy:/);
  });
});

describe("sample", () => {
  const data = Array.from({ length: 1000 }, (_, i) => i);
  const rdd = sc.parallelize(data, 4);

  it("is repeatable for a seed and differs between seeds", () => {
    const a = rdd.sample(false, 0.1, 7).collect();
    expect(rdd.sample(false, 0.1, 7).collect()).toEqual(a);
    expect(rdd.sample(false, 0.1, 8).collect()).not.toEqual(a);
  });

  it("recomputing the same sampled RDD gives the same records", () => {
    const s = rdd.sample(true, 0.5, 3);
    expect(s.collect()).toEqual(s.collect());
  });

  it("without replacement keeps about the fraction, each record at most once, in order", () => {
    const s = rdd.sample(false, 0.3, 1).collect();
    expect(s.length).toBeGreaterThan(220);
    expect(s.length).toBeLessThan(380);
    expect(new Set(s).size).toBe(s.length);
    expect(s).toEqual([...s].sort((x, y) => x - y));
  });

  it("with replacement can repeat records and accepts a fraction above 1", () => {
    const s = rdd.sample(true, 2, 5).collect();
    expect(s.length).toBeGreaterThan(1800);
    expect(s.length).toBeLessThan(2200);
    expect(new Set(s).size).toBeLessThan(s.length);
  });

  it("fraction 0 gives nothing and fraction 1 without replacement gives everything", () => {
    expect(rdd.sample(false, 0).count()).toBe(0);
    expect(rdd.sample(false, 1).collect()).toEqual(data);
  });

  it("rejects a negative or not-a-number fraction, and above 1 without replacement", () => {
    expect(() => rdd.sample(false, -0.1)).toThrow(IllegalArgumentError);
    expect(() => rdd.sample(true, -1)).toThrow(/fraction must be in \[0, 1\]/);
    expect(() => rdd.sample(false, Number.NaN)).toThrow(IllegalArgumentError);
    expect(() => rdd.sample(false, 1.5)).toThrow(/got 1.5/);
  });
});

describe("repartition and coalesce", () => {
  const data = Array.from({ length: 100 }, (_, i) => i);

  it("repartition spreads records evenly over more or fewer partitions", () => {
    for (const n of [1, 3, 7]) {
      const r = sc.parallelize(data, 2).repartition(n);
      const sizes = r
        .glom()
        .collect()
        .map((p) => p.length);
      expect(sizes).toHaveLength(n);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2);
      expect(sorted(r.collect())).toEqual(data);
    }
  });

  it("repartition is a shuffle; coalesce is not", () => {
    const base = sc.parallelize(data, 4);
    expect(base.repartition(2).toDebugString()).toContain("+-");
    const c = base.coalesce(2);
    expect(c).toBeInstanceOf(CoalescedRDD);
    expect(c.toDebugString()).not.toContain("+-");
  });

  it("coalesce merges neighbouring partitions, keeping record order", () => {
    const c = sc.parallelize([1, 2, 3, 4, 5, 6], 3).coalesce(2);
    expect(c.getNumPartitions()).toBe(2);
    expect(c.collect()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      c
        .glom()
        .collect()
        .map((p) => p.length),
    ).toEqual([2, 4]);
  });

  it("coalesce cannot add partitions without a shuffle, but can with one", () => {
    const base = sc.parallelize([1, 2, 3, 4], 2);
    expect(base.coalesce(5).getNumPartitions()).toBe(2);
    expect(base.coalesce(5, true).getNumPartitions()).toBe(5);
    expect(sorted(base.coalesce(5, true).collect())).toEqual([1, 2, 3, 4]);
  });

  it("rejects a partition count below 1 or fractional, naming the operator", () => {
    const base = sc.parallelize([1], 1);
    expect(() => base.repartition(0)).toThrow(IllegalArgumentError);
    expect(() => base.repartition(0)).toThrow(/^repartition:/);
    expect(() => base.coalesce(1.5)).toThrow(/^coalesce: .* got 1.5/);
  });
});

describe("sortBy", () => {
  it("sorts ascending by default and descending on request, across partitions", () => {
    const words = ["pear", "fig", "apple", "banana", "kiwi", "date", "cherry"];
    const rdd = sc.parallelize(words, 3);
    const byLength = rdd.sortBy((w) => w.length).collect();
    expect(sorted(byLength)).toEqual(sorted(words));
    expect(byLength.map((w) => w.length)).toEqual([3, 4, 4, 4, 5, 6, 6]);
    expect(rdd.sortBy((w) => w, false).collect()).toEqual([...words].sort().reverse());
  });

  it("takes a partition count and sorts numbers numerically, not as strings", () => {
    const rdd = sc.parallelize([10, 9, 100, 1, 25], 2).sortBy((x) => x, true, 3);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(rdd.collect()).toEqual([1, 9, 10, 25, 100]);
  });

  it("sorts tuples element by element", () => {
    const rdd = sc.parallelize(
      [
        ["b", 1],
        ["a", 2],
        ["a", 1],
      ],
      2,
    );
    expect(rdd.sortBy((t) => t).collect()).toEqual([
      ["a", 1],
      ["a", 2],
      ["b", 1],
    ]);
  });

  it("sorts an RDD with no partitions", () => {
    expect(
      sc
        .emptyRDD<number>()
        .sortBy((x) => x)
        .collect(),
    ).toEqual([]);
  });
});
