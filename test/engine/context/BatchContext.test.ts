import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { IllegalArgumentError, IllegalStateError } from "../../../engine/errors";
import { PartitionerAwareUnionRDD, UnionRDD } from "../../../engine/rdd/internal";
import { tempDir } from "../rdd/support";

describe("BatchContext options", () => {
  it("has defaults and keeps what it is given", () => {
    const plain = new BatchContext();
    expect(plain.appName).toBe("dstream-lab");
    expect(plain.defaultParallelism).toBe(2);
    expect(plain.checkpointDir).toBeUndefined();
    const named = new BatchContext({ appName: "demo", parallelism: 5 });
    expect(named.appName).toBe("demo");
    expect(named.defaultParallelism).toBe(5);
  });

  it("uses its parallelism as the default partition count", () => {
    const sc = new BatchContext({ parallelism: 4 });
    expect(sc.parallelize([1, 2, 3]).getNumPartitions()).toBe(4);
    expect(sc.range(0, 10).getNumPartitions()).toBe(4);
    expect(
      sc
        .parallelize([1, 2, 3], 1)
        .map((x) => [x, x] as [number, number])
        .reduceByKey((a, b) => a + b)
        .getNumPartitions(),
    ).toBe(1); // by-key operations default to the input's partition count, as in Spark
  });

  it("rejects a parallelism that is not a whole number of at least 1", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new BatchContext({ parallelism: bad }), String(bad)).toThrow(IllegalArgumentError);
    }
    expect(() => new BatchContext({ parallelism: 0 })).toThrow(
      /^BatchContext parallelism: the number of partitions must be a whole number of at least 1; got 0\. Fix:/,
    );
  });

  it("creates and resolves the checkpoint directory", () => {
    const dir = path.join(tempDir(), "nested", "ckpt");
    const sc = new BatchContext({ checkpointDir: dir });
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    expect(sc.checkpointDir).toBe(path.resolve(dir));
    expect(sc.rddCheckpointDir!.startsWith(path.resolve(dir) + path.sep)).toBe(true);
    const later = new BatchContext();
    later.setCheckpointDir(dir);
    expect(later.rddCheckpointDir).not.toBe(sc.rddCheckpointDir);
  });

  it("gives every RDD a distinct id", () => {
    const sc = new BatchContext();
    const a = sc.parallelize([1]);
    const b = a.map((x) => x);
    const c = sc.emptyRDD();
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });
});

describe("parallelize", () => {
  const sc = new BatchContext({ parallelism: 2 });

  it("cuts the data into contiguous slices of nearly equal size", () => {
    expect(sc.parallelize([1, 2, 3, 4, 5], 2).glom().collect()).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(sc.parallelize([1, 2, 3, 4, 5, 6], 3).glom().collect()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(sc.parallelize(["a", "b"], 4).glom().collect()).toEqual([[], ["a"], [], ["b"]]);
  });

  it("accepts any iterable, and makeRDD is the same", () => {
    expect(sc.parallelize(new Set([1, 2, 3]), 2).collect()).toEqual([1, 2, 3]);
    expect(sc.parallelize("abc", 1).collect()).toEqual(["a", "b", "c"]);
    expect(sc.makeRDD([1, 2, 3], 3).glom().collect()).toEqual([[1], [2], [3]]);
  });

  it("rejects a slice count below 1", () => {
    expect(() => sc.parallelize([1], 0)).toThrow(IllegalArgumentError);
    expect(() => sc.parallelize([1], -2)).toThrow(/^parallelize: .*got -2/);
  });
});

describe("range", () => {
  const sc = new BatchContext({ parallelism: 3 });

  it("counts from start up to, not including, end", () => {
    expect(sc.range(0, 5).collect()).toEqual([0, 1, 2, 3, 4]);
    expect(sc.range(0, 5).getNumPartitions()).toBe(3);
    expect(sc.range(2, 11, 3, 2).glom().collect()).toEqual([[2], [5, 8]]);
  });

  it("counts down with a negative step, and is empty when end is not reachable", () => {
    expect(sc.range(5, 0, -2).collect()).toEqual([5, 3, 1]);
    expect(sc.range(5, 5).collect()).toEqual([]);
    expect(sc.range(5, 0).collect()).toEqual([]);
  });

  it("rejects a step of 0", () => {
    expect(() => sc.range(0, 5, 0)).toThrow(IllegalArgumentError);
    expect(() => sc.range(0, 5, 0)).toThrow(/^range: step must not be 0/);
  });
});

describe("emptyRDD", () => {
  const sc = new BatchContext();

  it("has no partitions and no records", () => {
    for (const e of [sc.emptyRDD<number>(), sc.empty<number>()]) {
      expect(e.getNumPartitions()).toBe(0);
      expect(e.collect()).toEqual([]);
      expect(e.count()).toBe(0);
      expect(e.isEmpty()).toBe(true);
    }
  });

  it("works with transformations and shuffles", () => {
    const e = sc.emptyRDD<[string, number]>();
    expect(e.map((x) => x).getNumPartitions()).toBe(0);
    expect(e.reduceByKey((a, b) => a + b).collect()).toEqual([]);
    expect(e.union(sc.parallelize([["a", 1]], 1)).collect()).toEqual([["a", 1]]);
    expect(e.distinct().count()).toBe(0);
    expect(e.zipWithIndex().collect()).toEqual([]);
  });
});

describe("union", () => {
  const sc = new BatchContext();

  it("joins several RDDs into one, and no RDDs into an empty one", () => {
    const u = sc.union([sc.parallelize([1, 2], 2), sc.parallelize([3], 1), sc.emptyRDD<number>()]);
    expect(u).toBeInstanceOf(UnionRDD);
    expect(u.getNumPartitions()).toBe(3);
    expect(u.collect()).toEqual([1, 2, 3]);
    const none = sc.union<number>([]);
    expect(none.getNumPartitions()).toBe(0);
    expect(none.collect()).toEqual([]);
  });

  it("keeps a partitioner that all inputs share", () => {
    const a = sc.parallelize([["a", 1] as [string, number]], 1).reduceByKey((x, y) => x + y, 3);
    const b = sc.parallelize([["b", 2] as [string, number]], 2).reduceByKey((x, y) => x + y, 3);
    const u = sc.union([a, b]);
    expect(u).toBeInstanceOf(PartitionerAwareUnionRDD);
    expect(u.partitioner?.numPartitions).toBe(3);
  });
});

describe("stop", () => {
  it("makes every later action fail with IllegalStateError", () => {
    const sc = new BatchContext();
    const rdd = sc.parallelize([1, 2, 3], 2);
    const pairs = rdd.map((x) => [x, x] as [number, number]);
    expect(rdd.count()).toBe(3);
    expect(sc.isStopped).toBe(false);
    sc.stop();
    expect(sc.isStopped).toBe(true);
    const actions: [string, () => unknown][] = [
      ["collect", () => rdd.collect()],
      ["count", () => rdd.count()],
      ["take", () => rdd.take(1)],
      ["first", () => rdd.first()],
      ["reduce", () => rdd.reduce((a, b) => a + b)],
      ["foreach", () => rdd.foreach(() => {})],
      ["countByKey", () => pairs.countByKey()],
      ["sortByKey", () => pairs.sortByKey()],
      ["zipWithIndex", () => rdd.zipWithIndex()],
    ];
    for (const [name, action] of actions) {
      expect(action, name).toThrow(IllegalStateError);
      expect(action, name).toThrow(/has been stopped.*Fix: create a new BatchContext/);
    }
  });

  it("does not affect other contexts", () => {
    const a = new BatchContext();
    const b = new BatchContext();
    a.stop();
    expect(b.parallelize([1, 2]).count()).toBe(2);
  });
});
