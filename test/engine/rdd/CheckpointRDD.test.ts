import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { describe, expect, it } from "vitest";
import { BatchContext } from "../../../engine/context/BatchContext";
import { CheckpointError } from "../../../engine/errors";
import { CheckpointRDD, HashPartitioner, type RDD, readCheckpoint } from "../../../engine/rdd/internal";
import { counting, shuffleDependencies, sorted, tempDir } from "./support";

function wordCounts(sc: BatchContext, f: (w: string) => [string, number] = (w) => [w, 1]) {
  return sc
    .parallelize(["a", "b", "a", "c", "b", "a"], 3)
    .map(f)
    .reduceByKey((x, y) => x + y, 2);
}

describe("checkpoint()", () => {
  it("without a checkpoint directory is a CheckpointError that says how to set one", () => {
    const sc = new BatchContext();
    const rdd = sc.parallelize([1, 2], 2);
    expect(() => rdd.checkpoint()).toThrow(CheckpointError);
    expect(() => rdd.checkpoint()).toThrow(/needs a checkpoint directory.*sc\.setCheckpointDir\(dir\)/);
  });

  it("does nothing until an action runs, then cuts the lineage", () => {
    const sc = new BatchContext();
    sc.setCheckpointDir(tempDir());
    const counts = wordCounts(sc).checkpoint();
    const before = counts.toDebugString();
    expect(counts.isCheckpointed).toBe(false);
    expect(shuffleDependencies(counts)).toHaveLength(1);

    const result = sorted(counts.collect());
    expect(counts.isCheckpointed).toBe(true);
    expect(counts.dependencies).toHaveLength(1);
    expect(counts.dependencies[0]!.rdd).toBeInstanceOf(CheckpointRDD);
    expect(counts.dependencies[0]!.rdd.dependencies).toEqual([]);
    expect(shuffleDependencies(counts)).toHaveLength(0);

    const after = counts.toDebugString();
    expect(after.split("\n").length).toBeLessThan(before.split("\n").length);
    expect(after).not.toContain("+-");
    expect(after).toContain("(checkpointed)");
    expect(after).toMatch(/CheckpointRDD\[\d+\] at checkpoint/);
    expect(sorted(counts.collect())).toEqual(result);
  });

  it("writes one part file per partition under the checkpoint directory", () => {
    const dir = tempDir();
    const sc = new BatchContext({ checkpointDir: dir });
    const rdd = sc.parallelize([1, 2, 3, 4, 5], 3).checkpoint();
    expect(rdd.getCheckpointFile()).toBeUndefined();
    rdd.count();
    const file = rdd.getCheckpointFile()!;
    expect(file.startsWith(path.resolve(dir) + path.sep)).toBe(true);
    expect(path.basename(file)).toBe(`rdd-${rdd.id}`);
    expect(fs.readdirSync(file).sort()).toEqual(["part-00000", "part-00001", "part-00002"]);
    const parts = fs.readdirSync(file).map((f) => v8.deserialize(fs.readFileSync(path.join(file, f))));
    expect(parts).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("serves later actions from disk, without re-running the lineage", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const f = counting((w: string) => [w, 1] as [string, number]);
    const counts = wordCounts(sc, f).checkpoint();
    const result = sorted(counts.collect());
    const callsAfterFirstJob = f.calls;
    expect(sorted(counts.collect())).toEqual(result);
    expect(counts.count()).toBe(3);
    expect(f.calls).toBe(callsAfterFirstJob);
    // And from the files, not from memory: a lost part file is a clear error.
    fs.rmSync(path.join(counts.getCheckpointFile()!, "part-00001"));
    expect(() => counts.collect()).toThrow(CheckpointError);
    expect(() => counts.collect()).toThrow(/Could not read checkpoint partition 1 from .*Fix:/);
  });

  it("with cache(), computes the lineage only once for the job and the checkpoint", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const f = counting((x: number) => x * 2);
    const rdd = sc.parallelize([1, 2, 3, 4], 2).map(f).cache().checkpoint();
    expect(rdd.collect()).toEqual([2, 4, 6, 8]);
    expect(f.calls).toBe(4);
    rdd.evictPartition(0);
    expect(rdd.collect()).toEqual([2, 4, 6, 8]);
    expect(f.calls).toBe(4); // the evicted partition came back from the checkpoint
  });

  it("takes effect when marked after an earlier action on the same RDD", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const rdd = sc.parallelize([1, 2, 3], 2).map((x) => x + 1);
    rdd.count();
    rdd.checkpoint();
    expect(rdd.collect()).toEqual([2, 3, 4]);
    expect(rdd.isCheckpointed).toBe(true);
  });

  it("checkpoints an RDD marked inside the lineage of the action's RDD", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const parent = sc.parallelize([1, 2, 3], 2).map((x) => x * 3);
    parent.checkpoint();
    const child = parent.filter((x) => x > 3);
    expect(child.collect()).toEqual([6, 9]);
    expect(parent.isCheckpointed).toBe(true);
    expect(child.toDebugString()).toMatch(/CheckpointRDD/);
  });

  it("keeps the partitioner, so a join with a co-partitioned RDD still needs no shuffle for it", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const counts = wordCounts(sc).checkpoint();
    counts.count();
    expect(counts.partitioner?.equals(new HashPartitioner(2))).toBe(true);
    const other = sc.parallelize([["a", "x"] as [string, string]], 1).partitionBy(new HashPartitioner(2));
    const joined = counts.join(other);
    expect(shuffleDependencies(joined)).toHaveLength(1); // other's partitionBy only
    expect(joined.collect()).toEqual([["a", [3, "x"]]]);
  });

  it("keeps values JSON would lose: Maps, undefined, typed arrays, bigints", () => {
    const sc = new BatchContext({ checkpointDir: tempDir() });
    const data = [new Map([["k", 1]]), undefined, new Float64Array([1.5, 2]), 10n ** 20n];
    const rdd = sc.parallelize(data, 2).checkpoint();
    rdd.count();
    expect(rdd.collect()).toEqual(data);
  });

  it("two contexts sharing a directory do not overwrite each other's checkpoints", () => {
    const dir = tempDir();
    const first = new BatchContext({ checkpointDir: dir });
    const second = new BatchContext({ checkpointDir: dir });
    const a = first.parallelize(["from the first context"], 1).checkpoint();
    const b = second.parallelize(["from the second context"], 1).checkpoint();
    expect(a.id).toBe(b.id); // ids restart in every context
    a.count();
    b.count();
    expect(a.getCheckpointFile()).not.toBe(b.getCheckpointFile());
    expect(a.collect()).toEqual(["from the first context"]);
    expect(b.collect()).toEqual(["from the second context"]);
  });

  it("readCheckpoint rebuilds an RDD from the files of an earlier context", () => {
    const dir = tempDir();
    const old = new BatchContext({ checkpointDir: dir });
    const saved = old.parallelize([1, 2, 3, 4], 2).checkpoint();
    saved.count();
    const fresh = new BatchContext();
    const restored = readCheckpoint<number>(fresh, saved.getCheckpointFile()!, 2);
    expect(restored.collect()).toEqual([1, 2, 3, 4]);
    expect(restored.getNumPartitions()).toBe(2);
  });

  it("reports an unwritable checkpoint directory as a CheckpointError, and retries on the next action", () => {
    const dir = tempDir();
    const sc = new BatchContext({ checkpointDir: dir });
    fs.writeFileSync(sc.rddCheckpointDir!, "a file where the directory should be");
    const rdd = sc.parallelize([1], 1).checkpoint();
    expect(() => rdd.count()).toThrow(CheckpointError);
    expect(() => rdd.count()).toThrow(/Could not write the checkpoint of RDD \d+ .*Fix:/);
    expect(rdd.isCheckpointed).toBe(false);
    // Once the directory is usable again, the next action writes the checkpoint.
    fs.rmSync(sc.rddCheckpointDir!);
    expect(rdd.count()).toBe(1);
    expect(rdd.isCheckpointed).toBe(true);
  });
});

describe("localCheckpoint()", () => {
  it("cuts the lineage in memory, with no checkpoint directory and no files", () => {
    const sc = new BatchContext();
    const f = counting((w: string) => [w, 1] as [string, number]);
    const counts = wordCounts(sc, f).localCheckpoint();
    expect(counts.storageLevel).toBe("MEMORY_ONLY");
    const result = sorted(counts.collect());
    expect(counts.isCheckpointed).toBe(true);
    expect(counts.getCheckpointFile()).toBeUndefined();
    expect(counts.dependencies[0]!.rdd).toBeInstanceOf(CheckpointRDD);
    expect(counts.toDebugString()).not.toContain("+-");
    expect(counts.toDebugString()).toMatch(/CheckpointRDD\[\d+\] at localCheckpoint/);
    const calls = f.calls;
    counts.evictPartition(0);
    expect(sorted(counts.collect())).toEqual(result);
    expect(f.calls).toBe(calls);
  });

  it("writes nothing to a checkpoint directory that is set", () => {
    const dir = tempDir();
    const sc = new BatchContext({ checkpointDir: dir });
    sc.parallelize([1, 2], 2).localCheckpoint().count();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("cutting lineage releases memory", () => {
  // Node exposes gc() only with --expose-gc; the flag can be turned on at run time.
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;

  async function collected(ref: WeakRef<object>): Promise<boolean> {
    for (let i = 0; i < 10 && ref.deref() !== undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    }
    return ref.deref() === undefined;
  }

  /** A checkpointed RDD whose ancestors are reachable only through it; returns a WeakRef to one. */
  function chain(sc: BatchContext, local: boolean): [RDD<[string, number]>, WeakRef<object>] {
    const source = sc.parallelize(
      Array.from({ length: 100 }, (_, i) => `w${i % 7}`),
      3,
    );
    const pairs = source.map((w) => [w, 1] as [string, number]);
    const counts = pairs
      .reduceByKey((a, b) => a + b)
      .union(pairs.reduceByKey((a, b) => a + b))
      .mapValues((v) => v)
      .coalesce(1)
      .zip(
        sc.parallelize(
          Array.from({ length: 14 }, () => 0),
          1,
        ),
      )
      .map(([kv]) => kv)
      .mapPartitions((xs) => xs);
    if (local) counts.localCheckpoint();
    else counts.checkpoint();
    counts.count();
    return [counts, new WeakRef(source)];
  }

  for (const local of [false, true]) {
    it(`lets the parents of a ${local ? "locally " : ""}checkpointed RDD be garbage-collected`, async () => {
      const sc = new BatchContext(local ? {} : { checkpointDir: tempDir() });
      const [counts, source] = chain(sc, local);
      expect(await collected(source)).toBe(true);
      expect(counts.count()).toBe(14);
    });
  }
});
