import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { ShuffleDependency } from "../../../engine/rdd/internal";
import { counting, shuffleDependencies, sorted } from "./support";

const sc = new BatchContext({ appName: "rdd-lineage", parallelism: 2 });

/** toDebugString with the RDD ids blanked, since they depend on how many RDDs were made before. */
function lineage(text: string): string {
  return text.replace(/\[\d+\]/g, "[#]");
}

describe("toDebugString", () => {
  it("shows partition counts, operator names and the shuffle boundary", () => {
    const counts = sc
      .parallelize(["a b", "b"], 3)
      .flatMap((l) => l.split(" "))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b, 2);
    expect(lineage(counts.toDebugString())).toBe(
      [
        "(2) ShuffledRDD[#] at reduceByKey []",
        " +-(3) PipelinedRDD[#] at map []",
        "    |  PipelinedRDD[#] at flatMap []",
        "    |  ParallelCollectionRDD[#] at parallelize []",
      ].join("\n"),
    );
  });

  it("shows both inputs of a join, each behind its own shuffle", () => {
    const a = sc.parallelize([["k", 1] as [string, number]], 1);
    const b = sc.parallelize([["k", "x"] as [string, string]], 3).filter(() => true);
    const text = a.join(b, 2).toDebugString();
    expect(text.split("\n")[0]).toMatch(/^\(2\) PipelinedRDD\[\d+\] at flatMapValues/);
    expect(text).toMatch(/\|\s+CoGroupedRDD\[\d+\] at join/);
    expect(text).toMatch(/\+-\(1\) ParallelCollectionRDD\[\d+\] at parallelize/);
    expect(text).toMatch(/\+-\(3\) PipelinedRDD\[\d+\] at filter/);
    expect(text.match(/\+-/g)).toHaveLength(2);
  });

  it("has no shuffle marker for a narrow-only lineage, and shows names and caching", () => {
    const rdd = sc
      .parallelize([1, 2], 2)
      .map((x) => x)
      .setName("numbers")
      .cache();
    const text = rdd.toDebugString();
    expect(text).not.toContain("+-");
    expect(text.split("\n")[0]).toMatch(/^\(2\) numbers PipelinedRDD\[\d+\] at map \[Memory Deserialized/);
    expect(text.split("\n")).toHaveLength(2);
  });
});

describe("dependencies", () => {
  it("are one-to-one for narrow steps and a ShuffleDependency across a shuffle", () => {
    const base = sc.parallelize([["a", 1] as [string, number]], 2);
    const mapped = base.mapValues((v) => v + 1);
    expect(mapped.dependencies).toHaveLength(1);
    expect(mapped.dependencies[0]!.rdd).toBe(base);
    expect(mapped.dependencies[0]).not.toBeInstanceOf(ShuffleDependency);
    const reduced = mapped.reduceByKey((a, b) => a + b);
    expect(reduced.dependencies[0]).toBeInstanceOf(ShuffleDependency);
    expect(reduced.dependencies[0]!.rdd).toBe(mapped);
  });
});

describe("cache", () => {
  it("keeps computed partitions so later actions do not recompute", () => {
    const f = counting((x: number) => x * 2);
    const rdd = sc.parallelize([1, 2, 3, 4], 2).map(f).cache();
    expect(rdd.storageLevel).toBe("MEMORY_ONLY");
    expect(rdd.collect()).toEqual([2, 4, 6, 8]);
    expect(rdd.count()).toBe(4);
    expect(rdd.map((x) => x + 1).collect()).toEqual([3, 5, 7, 9]);
    expect(f.calls).toBe(4);
  });

  it("caches only the partitions an action computed", () => {
    const rdd = sc.parallelize([1, 2, 3, 4], 2).cache();
    rdd.take(1);
    expect([rdd.isCached(0), rdd.isCached(1)]).toEqual([true, false]);
  });

  it("recomputes only an evicted partition, from lineage, with the same result", () => {
    const f = counting((x: number) => x * 10);
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 3).map(f).cache();
    const before = rdd.collect();
    expect(f.calls).toBe(6);
    rdd.evictPartition(0);
    expect(rdd.isCached(0)).toBe(false);
    expect(rdd.isCached(1)).toBe(true);
    expect(rdd.collect()).toEqual(before);
    expect(f.calls).toBe(8); // the two records of partition 0
    expect(rdd.isCached(0)).toBe(true);
  });

  it("a lost cached partition above a shuffle is rebuilt from the kept map outputs", () => {
    const f = counting((w: string) => [w, 1] as [string, number]);
    const counts = sc
      .parallelize(["a", "b", "a", "c"], 2)
      .map(f)
      .reduceByKey((a, b) => a + b, 2)
      .cache();
    const before = sorted(counts.collect());
    counts.evictPartition(1);
    expect(sorted(counts.collect())).toEqual(before);
    expect(f.calls).toBe(4);
  });

  it("unpersist drops the cache, so the next action recomputes", () => {
    const f = counting((x: number) => x);
    const rdd = sc.parallelize([1, 2], 2).map(f).cache();
    rdd.count();
    rdd.unpersist();
    expect(rdd.storageLevel).toBe("NONE");
    expect(rdd.isCached(0)).toBe(false);
    rdd.count();
    expect(f.calls).toBe(4);
  });
});

describe("lost shuffle output", () => {
  it("is recomputed from lineage when a reduce partition needs it again", () => {
    const f = counting((w: string) => [w, w.length] as [string, number]);
    const counts = sc
      .parallelize(["aa", "b", "aa", "ccc", "b"], 3)
      .map(f)
      .reduceByKey((a, b) => a + b)
      .cache();
    const before = sorted(counts.collect());
    expect(before).toEqual([
      ["aa", 4],
      ["b", 2],
      ["ccc", 3],
    ]);
    const dep = counts.dependencies.find((d) => d instanceof ShuffleDependency)!;
    dep.outputs![0] = undefined; // the map output of partition 0 is lost...
    counts.evictPartition(0); // ...and so is a reduce partition that read it
    counts.evictPartition(1);
    f.calls = 0;
    expect(sorted(counts.collect())).toEqual(before);
    expect(f.calls).toBe(1); // map partition 0 holds one record
  });

  it("is recomputed for one side of a join without touching the other", () => {
    const left = counting((x: number) => [x % 2, x] as [number, number]);
    const right = counting((x: number) => [x % 2, `r${x}`] as [number, string]);
    const joined = sc
      .parallelize([1, 2, 3], 2)
      .map(left)
      .join(sc.parallelize([1, 2], 2).map(right));
    const before = sorted(joined.collect());
    const deps = shuffleDependencies(joined);
    expect(deps).toHaveLength(2);
    for (const dep of deps) dep.outputs![1] = undefined;
    left.calls = 0;
    right.calls = 0;
    expect(sorted(joined.collect())).toEqual(before);
    expect([left.calls, right.calls]).toEqual([2, 1]); // partition 1 of each side
  });
});
