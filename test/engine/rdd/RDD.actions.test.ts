import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { IllegalStateError, NonComparableKeyError } from "../../../engine/errors";
import { counting } from "./support";

const sc = new BatchContext({ appName: "rdd-actions", parallelism: 3 });

describe("collect and count", () => {
  it("collect returns every record, partition by partition", () => {
    expect(sc.parallelize([5, 4, 3, 2, 1], 3).collect()).toEqual([5, 4, 3, 2, 1]);
    expect(sc.emptyRDD<number>().collect()).toEqual([]);
  });

  it("count counts records, including duplicates and undefined", () => {
    expect(sc.parallelize([1, 1, undefined, null], 2).count()).toBe(4);
    expect(sc.parallelize([], 3).count()).toBe(0);
  });

  it("every action recomputes an uncached lineage", () => {
    const f = counting((x: number) => x);
    const rdd = sc.parallelize([1, 2, 3], 3).map(f);
    rdd.count();
    rdd.collect();
    expect(f.calls).toBe(6);
  });
});

describe("collect of data in memory", () => {
  it("returns a new array each time: changing it changes neither the source nor the cache", () => {
    const source = [1, 2, 3, 4];
    for (const rdd of [
      sc.parallelize(source, 1),
      sc.parallelize(source, 3),
      sc.parallelize(source, 2).cache(),
    ]) {
      const first = rdd.collect();
      first.push(99);
      first[0] = -1;
      expect(rdd.collect()).toEqual([1, 2, 3, 4]);
    }
    expect(source).toEqual([1, 2, 3, 4]);
  });
});

describe("take, first and isEmpty", () => {
  it("take returns the first n records in order, or all when there are fewer", () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5], 3);
    expect(rdd.take(0)).toEqual([]);
    expect(rdd.take(2)).toEqual([1, 2]);
    expect(rdd.take(4)).toEqual([1, 2, 3, 4]);
    expect(rdd.take(50)).toEqual([1, 2, 3, 4, 5]);
  });

  it("take computes only the partitions it needs", () => {
    const f = counting((x: number) => x * 2);
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5).map(f);
    expect(rdd.take(2)).toEqual([2, 4]);
    expect(f.calls).toBe(2); // partition 0 only
    f.calls = 0;
    expect(rdd.take(3)).toEqual([2, 4, 6]);
    expect(f.calls).toBe(4); // partitions 0 and 1
  });

  it("take skips over empty leading partitions", () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 3).filter((x) => x > 4);
    expect(rdd.take(1)).toEqual([5]);
  });

  it("first returns the first record, and throws a clear error on an empty RDD", () => {
    expect(sc.parallelize(["a", "b"], 2).first()).toBe("a");
    expect(() => sc.emptyRDD<string>().first()).toThrow(IllegalStateError);
    expect(() =>
      sc
        .parallelize([1, 2], 2)
        .filter(() => false)
        .first(),
    ).toThrow(/^first: the RDD is empty/);
  });

  it("isEmpty is true only when no partition has a record", () => {
    expect(sc.emptyRDD().isEmpty()).toBe(true);
    expect(sc.parallelize([], 4).isEmpty()).toBe(true);
    expect(sc.parallelize([0], 4).isEmpty()).toBe(false);
    expect(sc.parallelize([undefined], 1).isEmpty()).toBe(false);
  });
});

describe("reduce, fold and aggregate", () => {
  it("reduce combines every record", () => {
    expect(sc.parallelize([1, 2, 3, 4, 5], 3).reduce((a, b) => a + b)).toBe(15);
    expect(sc.parallelize(["x"], 3).reduce((a, b) => a + b)).toBe("x");
  });

  it("reduce on an empty RDD throws an error that says what to do", () => {
    expect(() => sc.emptyRDD<number>().reduce((a, b) => a + b)).toThrow(IllegalStateError);
    expect(() => sc.parallelize<number>([], 2).reduce((a, b) => a + b)).toThrow(
      /^reduce: the RDD is empty.*fold\(zero, f\)/,
    );
  });

  it("fold applies the zero once per partition and once more for the result", () => {
    expect(sc.parallelize([1, 2, 3], 3).fold(0, (a, b) => a + b)).toBe(6);
    // Like Spark: a non-neutral zero shows up numPartitions + 1 times.
    expect(sc.parallelize([1, 2, 3], 3).fold(1, (a, b) => a + b)).toBe(10);
    expect(sc.emptyRDD<number>().fold(0, (a, b) => a + b)).toBe(0);
  });

  it("aggregate folds each partition from its own copy of the zero, then merges", () => {
    const [sum, n] = sc.parallelize([1, 2, 3, 4], 2).aggregate(
      [0, 0] as [number, number],
      (acc, x) => [acc[0] + x, acc[1] + 1],
      (a, b) => [a[0] + b[0], a[1] + b[1]],
    );
    expect([sum, n]).toEqual([10, 4]);
    // A zero that seqOp mutates in place is not shared between partitions.
    const zero: number[] = [];
    const all = sc.parallelize([1, 2, 3, 4], 4).aggregate(
      zero,
      (acc, x) => {
        acc.push(x);
        return acc;
      },
      (a, b) => a.concat(b),
    );
    expect(all).toEqual([1, 2, 3, 4]);
    expect(zero).toEqual([]);
  });
});

describe("foreach", () => {
  it("runs the function on every record", () => {
    const seen: number[] = [];
    sc.parallelize([1, 2, 3], 2).foreach((x) => seen.push(x));
    expect(seen).toEqual([1, 2, 3]);
  });

  it("foreachPartition sees each partition whole, with its index", () => {
    const seen: string[] = [];
    sc.parallelize([1, 2, 3], 2).foreachPartition((items, i) => seen.push(`${i}:${items.join(",")}`));
    expect(seen).toEqual(["0:1", "1:2,3"]);
  });
});

describe("counting actions", () => {
  it("countByValue counts each distinct record, tuples by value", () => {
    const counts = sc.parallelize<unknown>(["a", "b", "a", ["t", 1], ["t", 1], 1, "1"], 3).countByValue();
    expect(counts.get("a")).toBe(2);
    expect(counts.get("b")).toBe(1);
    expect(counts.get(1)).toBe(1);
    expect(counts.get("1")).toBe(1);
    expect([...counts].filter(([k]) => Array.isArray(k))).toEqual([[["t", 1], 2]]);
    expect(counts.size).toBe(5);
  });

  it("countByValue rejects object records, naming countByValue", () => {
    expect(() => sc.parallelize([{ a: 1 }], 1).countByValue()).toThrow(NonComparableKeyError);
    expect(() => sc.parallelize([{ a: 1 }], 1).countByValue()).toThrow(/^countByValue:/);
  });

  it("countByKey counts pairs per key", () => {
    const counts = sc
      .parallelize<[string, number]>(
        [
          ["a", 1],
          ["b", 1],
          ["a", 5],
        ],
        2,
      )
      .countByKey();
    expect([...counts].sort()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    expect(() => sc.parallelize<[object, number]>([[{}, 1]], 1).countByKey()).toThrow(/^countByKey:/);
  });

  it("collectAsMap keeps the last value for a repeated key, tuple keys merged by value", () => {
    const m = sc
      .parallelize<[unknown, number]>(
        [
          ["a", 1],
          [["k", 1], 2],
          ["a", 3],
          [["k", 1], 4],
        ],
        2,
      )
      .collectAsMap();
    expect(m.size).toBe(2);
    expect(m.get("a")).toBe(3);
    expect([...m.values()]).toContain(4);
  });

  it("lookup returns every value of a key, compared by value", () => {
    const pairs = sc.parallelize<[unknown, string]>(
      [
        ["a", "1"],
        [["t", 2], "2"],
        ["a", "3"],
        ["b", "4"],
      ],
      3,
    );
    expect(pairs.lookup("a")).toEqual(["1", "3"]);
    expect(pairs.lookup(["t", 2])).toEqual(["2"]);
    expect(pairs.lookup("zzz")).toEqual([]);
    expect(() => pairs.lookup({})).toThrow(/^lookup:/);
  });
});

describe("ordering actions", () => {
  const nums = sc.parallelize([5, 1, 9, 3, 7, 2, 8], 3);

  it("top returns the n largest, largest first", () => {
    expect(nums.top(3)).toEqual([9, 8, 7]);
    expect(nums.top(0)).toEqual([]);
    expect(nums.top(100)).toHaveLength(7);
  });

  it("takeOrdered returns the n smallest, smallest first, with an optional comparator", () => {
    expect(nums.takeOrdered(3)).toEqual([1, 2, 3]);
    expect(nums.takeOrdered(2, (a, b) => b - a)).toEqual([9, 8]);
    // Numbers sort numerically, not as strings.
    expect(sc.parallelize([10, 9, 100], 2).takeOrdered(3)).toEqual([9, 10, 100]);
  });

  it("max and min use the natural order or a comparator", () => {
    expect(nums.max()).toBe(9);
    expect(nums.min()).toBe(1);
    const words = sc.parallelize(["ccc", "a", "bb"], 2);
    expect(words.max()).toBe("ccc");
    expect(words.max((a, b) => b.length - a.length)).toBe("a");
    expect(words.min((a, b) => b.length - a.length)).toBe("ccc");
  });

  it("max and min of an empty RDD throw an error naming the action", () => {
    expect(() => sc.emptyRDD<number>().max()).toThrow(IllegalStateError);
    expect(() => sc.emptyRDD<number>().max()).toThrow(/^max: the RDD is empty/);
    expect(() => sc.emptyRDD<number>().min()).toThrow(/^min: the RDD is empty/);
  });

  it("ordering actions do not reorder a cached RDD", () => {
    const cached = sc.parallelize([3, 1, 2], 1).cache();
    cached.count();
    expect(cached.top(3)).toEqual([3, 2, 1]);
    expect(cached.collect()).toEqual([3, 1, 2]);
  });
});

describe("numeric actions", () => {
  it("sum adds the records; an empty RDD sums to 0", () => {
    expect(sc.parallelize([1.5, 2.5, 3], 2).sum()).toBe(7);
    expect(sc.emptyRDD<number>().sum()).toBe(0);
  });

  it("mean averages the records; an empty RDD's mean is NaN", () => {
    expect(sc.parallelize([1, 2, 3, 4], 3).mean()).toBe(2.5);
    expect(sc.emptyRDD<number>().mean()).toBeNaN();
  });
});
