import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { IllegalArgumentError, NonComparableKeyError } from "../../../engine/errors";
import { HashPartitioner, type RDD, ShuffleDependency } from "../../../engine/rdd/internal";
import { counting, shuffleDependencies, sorted } from "./support";

const sc = new BatchContext({ appName: "rdd-pairs", parallelism: 3 });

function pairs<K, V>(data: [K, V][], slices = 3): RDD<[K, V]> {
  return sc.parallelize(data, slices);
}

const sales = pairs<string, number>([
  ["apple", 3],
  ["pear", 1],
  ["apple", 4],
  ["fig", 2],
  ["pear", 5],
  ["apple", 1],
]);

describe("value-wise transformations", () => {
  it("mapValues transforms values and keeps keys and the partitioner", () => {
    const byKey = sales.partitionBy(new HashPartitioner(2));
    const doubled = byKey.mapValues((v) => v * 2);
    expect(doubled.partitioner).toBe(byKey.partitioner);
    expect(sorted(doubled.collect())).toEqual(sorted(sales.collect().map(([k, v]) => [k, v * 2])));
    // map, which may change keys, forgets the partitioner.
    expect(byKey.map((kv) => kv).partitioner).toBeUndefined();
  });

  it("flatMapValues emits one pair per produced value and keeps the partitioner", () => {
    const lines = pairs<number, string>(
      [
        [1, "a b"],
        [2, ""],
        [3, "c"],
      ],
      2,
    ).partitionBy(new HashPartitioner(2));
    const words = lines.flatMapValues((l) => (l ? l.split(" ") : []));
    expect(words.partitioner).toBe(lines.partitioner);
    expect(sorted(words.collect())).toEqual([
      [1, "a"],
      [1, "b"],
      [3, "c"],
    ]);
  });

  it("keys and values project the pairs", () => {
    expect(sales.keys().collect()).toEqual(["apple", "pear", "apple", "fig", "pear", "apple"]);
    expect(sales.values().collect()).toEqual([3, 1, 4, 2, 5, 1]);
  });
});

describe("per-key aggregation", () => {
  it("reduceByKey merges the values of each key", () => {
    expect(sorted(sales.reduceByKey((a, b) => a + b).collect())).toEqual([
      ["apple", 8],
      ["fig", 2],
      ["pear", 6],
    ]);
  });

  it("reduceByKey takes a partition count or a partitioner", () => {
    expect(sales.reduceByKey((a, b) => a + b, 5).getNumPartitions()).toBe(5);
    const part = new HashPartitioner(4);
    const reduced = sales.reduceByKey((a, b) => a + b, part);
    expect(reduced.partitioner).toBe(part);
    expect(reduced.getNumPartitions()).toBe(4);
  });

  it("reduceByKey on an RDD already partitioned that way does not shuffle again", () => {
    const byKey = sales.partitionBy(new HashPartitioner(3));
    const reduced = byKey.reduceByKey((a, b) => a + b);
    expect(shuffleDependencies(reduced)).toHaveLength(1); // only partitionBy's
    expect(sorted(reduced.collect())).toEqual([
      ["apple", 8],
      ["fig", 2],
      ["pear", 6],
    ]);
  });

  it("groupByKey gathers all values of each key", () => {
    const grouped = sales
      .groupByKey()
      .mapValues((vs) => sorted(vs))
      .collect();
    expect(sorted(grouped)).toEqual([
      ["apple", [1, 3, 4]],
      ["fig", [2]],
      ["pear", [1, 5]],
    ]);
  });

  it("combineByKey builds per-key combiners (here: average)", () => {
    const avg = sales
      .combineByKey(
        (v) => [v, 1] as [number, number],
        ([s, n], v) => [s + v, n + 1] as [number, number],
        ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2] as [number, number],
      )
      .mapValues(([s, n]) => s / n);
    expect(sorted(avg.collect())).toEqual([
      ["apple", 8 / 3],
      ["fig", 2],
      ["pear", 3],
    ]);
  });

  it("combineByKey without map-side combine gives the same result", () => {
    const lists = sales.combineByKey(
      (v) => [v],
      (c, v) => [...c, v],
      (a, b) => [...a, ...b],
      2,
      false,
    );
    expect(lists.getNumPartitions()).toBe(2);
    expect(sorted(lists.mapValues((vs) => sorted(vs)).collect())).toEqual([
      ["apple", [1, 3, 4]],
      ["fig", [2]],
      ["pear", [1, 5]],
    ]);
  });

  it("aggregateByKey starts every key from its own copy of the zero", () => {
    const zero = { n: 0, items: [] as number[] };
    const agg = sales.aggregateByKey(
      zero,
      (acc, v) => {
        acc.n += 1; // mutating the accumulator is allowed, as in Spark
        acc.items.push(v);
        return acc;
      },
      (a, b) => {
        a.n += b.n;
        a.items.push(...b.items);
        return a;
      },
    );
    const result = new Map(agg.collect());
    expect(result.get("apple")!.n).toBe(3);
    expect(sorted(result.get("apple")!.items)).toEqual([1, 3, 4]);
    expect(result.get("fig")).toEqual({ n: 1, items: [2] });
    expect(sorted(result.get("pear")!.items)).toEqual([1, 5]);
    expect(zero).toEqual({ n: 0, items: [] });
  });

  it("foldByKey folds each key's values from a zero", () => {
    expect(sorted(sales.foldByKey(0, (a, b) => a + b).collect())).toEqual([
      ["apple", 8],
      ["fig", 2],
      ["pear", 6],
    ]);
    expect(sorted(sales.foldByKey(1, (a, b) => a * b, 1).collect())).toEqual([
      ["apple", 12],
      ["fig", 2],
      ["pear", 5],
    ]);
  });
});

describe("keys compare by value", () => {
  it("tuple keys with equal elements are the same key", () => {
    const counts = pairs<[string, number], number>(
      [
        [["a", 1], 1],
        [["a", 1], 1],
        [["a", 2], 1],
        [["b", 1], 1],
        [["a", 1], 1],
      ],
      3,
    ).reduceByKey((x, y) => x + y);
    expect(sorted(counts.collect())).toEqual([
      [["a", 1], 3],
      [["a", 2], 1],
      [["b", 1], 1],
    ]);
  });

  it("a number and a string that look alike are different keys", () => {
    expect(
      sorted(
        pairs<unknown, number>([
          [1, 1],
          ["1", 1],
          [[1], 1],
          [["1"], 1],
        ])
          .reduceByKey((a, b) => a + b)
          .values()
          .collect(),
      ),
    ).toEqual([1, 1, 1, 1]);
  });

  it("tuple keys join with equal tuples built elsewhere", () => {
    const left = pairs<[string, number], string>([[["x", 1], "L"]], 1);
    const right = pairs<[string, number], string>(
      [
        [["x", 1], "R"],
        [["x", 2], "no"],
      ],
      2,
    );
    expect(left.join(right).collect()).toEqual([
      [
        ["x", 1],
        ["L", "R"],
      ],
    ]);
  });

  const objectKeyed = pairs<unknown, number>([
    [{ id: 1 }, 1],
    [{ id: 1 }, 2],
  ]);
  const other = pairs<unknown, number>([[{ id: 1 }, 3]]);
  const cases: [string, () => unknown][] = [
    ["reduceByKey", () => objectKeyed.reduceByKey((a, b) => a + b).collect()],
    ["groupByKey", () => objectKeyed.groupByKey().collect()],
    [
      "combineByKey",
      () =>
        objectKeyed
          .combineByKey(
            (v) => v,
            (c) => c,
            (c) => c,
          )
          .collect(),
    ],
    [
      "aggregateByKey",
      () =>
        objectKeyed
          .aggregateByKey(
            0,
            (a, b) => a + b,
            (a, b) => a + b,
          )
          .collect(),
    ],
    ["join", () => objectKeyed.join(other).collect()],
    ["leftOuterJoin", () => objectKeyed.leftOuterJoin(other).collect()],
    ["cogroup", () => objectKeyed.cogroup(other).collect()],
    ["subtractByKey", () => objectKeyed.subtractByKey(other).collect()],
    ["partitionBy", () => objectKeyed.partitionBy(new HashPartitioner(2)).collect()],
    ["distinct", () => objectKeyed.keys().distinct().collect()],
  ];
  for (const [operator, run] of cases) {
    it(`an object key is a NonComparableKeyError naming ${operator}`, () => {
      let caught: unknown;
      try {
        run();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(NonComparableKeyError);
      expect((caught as NonComparableKeyError).operator).toBe(operator);
      expect((caught as Error).message).toMatch(
        new RegExp(`^${operator}: the key \\{"id":1\\} \\(an object\\)`),
      );
      expect((caught as Error).message).toContain("Fix:");
    });
  }

  it("a key that is a tuple holding an object is rejected too", () => {
    const bad = pairs<unknown, number>([[["a", { b: 1 }], 1]]);
    expect(() => bad.reduceByKey((a, b) => a + b).collect()).toThrow(NonComparableKeyError);
  });

  it("records that are not pairs get an error saying pairs are needed", () => {
    const words = sc.parallelize(["a", "b"], 2) as unknown as RDD<[string, number]>;
    expect(() => words.reduceByKey((a, b) => a + b).collect()).toThrow(IllegalArgumentError);
    expect(() => words.reduceByKey((a, b) => a + b).collect()).toThrow(
      /^reduceByKey works on \[key, value\] pairs, but got the record a\. Fix:/,
    );
    const nums = sc.parallelize([1], 1) as unknown as RDD<[number, number]>;
    expect(() => nums.groupByKey().collect()).toThrow(/^groupByKey works on \[key, value\] pairs/);
    expect(() => nums.join(nums).collect()).toThrow(/^join works on \[key, value\] pairs/);
  });
});

describe("partitionBy", () => {
  it("places every pair in the partition its key hashes to", () => {
    const part = new HashPartitioner(4);
    const placed = sales.partitionBy(part);
    expect(placed.getNumPartitions()).toBe(4);
    placed
      .glom()
      .collect()
      .forEach((items, i) => {
        for (const [k] of items) expect(part.getPartition(k)).toBe(i);
      });
    expect(sorted(placed.collect())).toEqual(sorted(sales.collect()));
  });

  it("is a no-op when the RDD is already partitioned the same way", () => {
    const once = sales.partitionBy(new HashPartitioner(2));
    expect(once.partitionBy(new HashPartitioner(2))).toBe(once);
    expect(once.partitionBy(new HashPartitioner(3))).not.toBe(once);
  });
});

describe("cogroup and joins", () => {
  const left = pairs<string, number>(
    [
      ["a", 1],
      ["b", 2],
      ["a", 3],
      ["c", 4],
    ],
    2,
  );
  const right = pairs<string, string>(
    [
      ["a", "x"],
      ["c", "y"],
      ["c", "z"],
      ["d", "w"],
    ],
    3,
  );

  it("cogroup gives every key of either side with both value lists", () => {
    const groups = left
      .cogroup(right)
      .mapValues(([vs, ws]) => [sorted(vs), sorted(ws)])
      .collect();
    expect(sorted(groups)).toEqual([
      ["a", [[1, 3], ["x"]]],
      ["b", [[2], []]],
      ["c", [[4], ["y", "z"]]],
      ["d", [[], ["w"]]],
    ]);
  });

  it("join pairs every value of a key on the left with every value on the right", () => {
    expect(sorted(left.join(right).collect())).toEqual([
      ["a", [1, "x"]],
      ["a", [3, "x"]],
      ["c", [4, "y"]],
      ["c", [4, "z"]],
    ]);
  });

  it("leftOuterJoin keeps every left key, with undefined where the right has none", () => {
    expect(sorted(left.leftOuterJoin(right).collect())).toEqual([
      ["a", [1, "x"]],
      ["a", [3, "x"]],
      ["b", [2, undefined]],
      ["c", [4, "y"]],
      ["c", [4, "z"]],
    ]);
  });

  it("rightOuterJoin keeps every right key, with undefined where the left has none", () => {
    expect(sorted(left.rightOuterJoin(right).collect())).toEqual([
      ["a", [1, "x"]],
      ["a", [3, "x"]],
      ["c", [4, "y"]],
      ["c", [4, "z"]],
      ["d", [undefined, "w"]],
    ]);
  });

  it("fullOuterJoin keeps the keys of both sides", () => {
    expect(sorted(left.fullOuterJoin(right).collect())).toEqual([
      ["a", [1, "x"]],
      ["a", [3, "x"]],
      ["b", [2, undefined]],
      ["c", [4, "y"]],
      ["c", [4, "z"]],
      ["d", [undefined, "w"]],
    ]);
  });

  it("subtractByKey keeps the left pairs whose key the right lacks", () => {
    expect(sorted(left.subtractByKey(right).collect())).toEqual([["b", 2]]);
  });

  it("joins with an empty side", () => {
    const none = sc.emptyRDD<[string, string]>();
    expect(left.join(none).collect()).toEqual([]);
    expect(sorted(left.leftOuterJoin(none).values().collect())).toEqual([
      [1, undefined],
      [2, undefined],
      [3, undefined],
      [4, undefined],
    ]);
    expect(none.join(left).collect()).toEqual([]);
  });

  it("joins take a partition count, and co-partitioned inputs are not shuffled again", () => {
    expect(left.join(right, 7).getNumPartitions()).toBe(7);
    const part = new HashPartitioner(2);
    const l = left.partitionBy(part);
    const r = right.partitionBy(new HashPartitioner(2));
    const joined = l.join(r);
    expect(joined.getNumPartitions()).toBe(2);
    expect(shuffleDependencies(joined)).toHaveLength(2); // the two partitionBy shuffles only
    expect(sorted(joined.collect())).toEqual(sorted(left.join(right).collect()));
  });

  it("a join keeps the existing partitioner of one side and shuffles only the other", () => {
    const l = left.partitionBy(new HashPartitioner(5));
    const joined = l.join(right);
    expect(joined.getNumPartitions()).toBe(5);
    const direct = joined.dependencies[0]!.rdd.dependencies;
    expect(direct.map((d) => d instanceof ShuffleDependency)).toEqual([false, true]);
  });
});

describe("sortByKey", () => {
  const data: [number, string][] = Array.from({ length: 40 }, (_, i) => [(i * 17) % 40, `v${i}`]);

  it("sorts ascending across several partitions, each partition a contiguous range", () => {
    const rdd = pairs(data, 4).sortByKey(true, 4);
    expect(rdd.getNumPartitions()).toBe(4);
    expect(rdd.keys().collect()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const parts = rdd
      .keys()
      .glom()
      .collect()
      .filter((p) => p.length > 0);
    expect(parts.length).toBeGreaterThan(1);
    for (let i = 1; i < parts.length; i++) expect(parts[i]![0]!).toBeGreaterThan(parts[i - 1]!.at(-1)!);
  });

  it("sorts descending across several partitions", () => {
    const rdd = pairs(data, 3).sortByKey(false, 3);
    expect(rdd.keys().collect()).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));
    expect(
      rdd
        .glom()
        .collect()
        .filter((p) => p.length > 0).length,
    ).toBeGreaterThan(1);
  });

  it("keeps each key's values and handles repeated keys", () => {
    const rdd = pairs<string, number>(
      [
        ["b", 1],
        ["a", 2],
        ["b", 3],
        ["a", 4],
        ["c", 5],
      ],
      2,
    ).sortByKey();
    expect(rdd.keys().collect()).toEqual(["a", "a", "b", "b", "c"]);
    expect(sorted(rdd.collect())).toEqual([
      ["a", 2],
      ["a", 4],
      ["b", 1],
      ["b", 3],
      ["c", 5],
    ]);
  });

  it("takes a comparator", () => {
    const byLength = pairs<string, number>([
      ["ccc", 1],
      ["a", 2],
      ["bb", 3],
    ]).sortByKey(true, 2, (a, b) => a.length - b.length);
    expect(byLength.keys().collect()).toEqual(["a", "bb", "ccc"]);
  });

  it("sorts an empty RDD and rejects a bad partition count", () => {
    expect(sc.emptyRDD<[number, number]>().sortByKey().collect()).toEqual([]);
    expect(pairs<number, number>([], 2).sortByKey(false).collect()).toEqual([]);
    expect(() => pairs(data).sortByKey(true, 0)).toThrow(IllegalArgumentError);
  });
});

describe("lazy evaluation of pair operations", () => {
  it("reduceByKey does not run the parent until an action", () => {
    const f = counting((kv: [string, number]) => kv);
    const reduced = sales.map(f).reduceByKey((a, b) => a + b);
    expect(f.calls).toBe(0);
    reduced.collect();
    expect(f.calls).toBe(6);
  });
});
