import * as fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { BatchContext, NonComparableKeyError, type RDD } from "../../../engine";
import { tempDir } from "../rdd/support";

type KV = [string, number];

const contexts: BatchContext[] = [];
afterEach(() => {
  for (const sc of contexts.splice(0)) sc.stop();
});

/** A context with `workers` worker threads, stopped after the test. */
function context(
  workers: number,
  parallelism = 2,
  extra: Partial<ConstructorParameters<typeof BatchContext>[0]> = {},
) {
  const sc = new BatchContext({ appName: "executor-test", parallelism, workers, ...extra });
  contexts.push(sc);
  return sc;
}

/**
 * The job's partitions (glom: placement and order within each partition) without workers and with
 * one, which must be identical; also returns the parallel context for its stats.
 */
function both<T>(job: (sc: BatchContext) => RDD<T>, workers = 1, parallelism = 2) {
  const local = job(context(0, parallelism)).glom().collect();
  const sc = context(workers, parallelism);
  const parallel = job(sc).glom().collect();
  expect(parallel).toEqual(local);
  return { local, parallel, stats: sc.executorStats! };
}

const LINES = Array.from(
  { length: 2000 },
  (_, i) => `w${i % 37} x${i % 5} ${i % 3 === 0 ? "three" : "other"}`,
);

describe("MapTaskExecutor: the same results as the main thread alone", () => {
  it("word count, with both map partitions computed at once", () => {
    const { parallel, stats } = both((sc) =>
      sc
        .parallelize(LINES)
        .flatMap((l) => l.split(" "))
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(parallel.flat()).toContainEqual(["three", 667]);
    expect(stats.tasksOnWorkers).toBe(1);
    expect(stats.tasksOnMainThread).toBe(1);
  });

  it("groupByKey (no map-side combine), distinct, tuple keys, filter/keyBy/mapValues/keys/values", () => {
    both((sc) =>
      sc
        .parallelize(LINES, 3)
        .map((l) => [l.length, l] as [number, string])
        .groupByKey(),
    );
    both((sc) =>
      sc
        .parallelize(LINES, 3)
        .flatMap((l) => l.split(" "))
        .distinct(),
    );
    const { stats } = both((sc) =>
      sc
        .parallelize(LINES, 4)
        .filter((l) => !l.startsWith("w1"))
        .keyBy((l) => [l.length % 3, l.split(" ")[1]!] as [number, string])
        .mapValues((l) => l.length)
        .reduceByKey((a, b) => a + b),
    );
    expect(stats.tasksOnWorkers).toBeGreaterThan(0);
    expect(stats.tasksNotShippable).toBe(0);
    both((sc) =>
      sc
        .parallelize(LINES, 2)
        .map((l) => [l.slice(0, 2), l] as [string, string])
        .flatMapValues((l) => l.split(" "))
        .values()
        .map((w) => [w, w.length] as KV)
        .keys()
        .map((w) => [w, null] as [string, null])
        .groupByKey(),
    );
  });

  it("empty partitions and empty RDDs", () => {
    both((sc) =>
      sc
        .parallelize(["a b"], 4)
        .flatMap((l) => l.split(" "))
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    both((sc) => sc.parallelize<KV>([], 3).reduceByKey((a, b) => a + b));
  });

  it("combiners that are objects (read once, then recomputed) and joins", () => {
    both(
      (sc) =>
        sc
          .parallelize(LINES, 3)
          .map((l) => [l.split(" ")[1]!, l.length] as KV)
          .combineByKey(
            (v) => [v],
            (c, v) => {
              c.push(v);
              return c;
            },
            (a, b) => a.concat(b),
          ),
      2,
      3,
    );
    both((sc) => {
      const a = sc.parallelize(LINES, 2).map((l) => [l.split(" ")[0]!, l.length] as KV);
      const b = sc.parallelize(LINES.slice(0, 50), 2).map((l) => [l.split(" ")[0]!, 1] as KV);
      return a.join(b);
    });
  });

  it("reads cached and checkpointed partitions as inputs, and computes a cache not yet filled itself", () => {
    const sc = context(1);
    sc.setCheckpointDir(tempDir());
    const words = sc.parallelize(LINES).flatMap((l) => l.split(" "));
    const cached = words.cache();
    const count = (r: RDD<string>) =>
      r
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b)
        .collectAsMap();
    const first = count(cached);
    expect(sc.executorStats!.tasksNotShippable).toBe(2); // the cache had to be filled here
    expect(cached.isCached(0) && cached.isCached(1)).toBe(true);
    const shipped = sc.executorStats!.tasksOnWorkers;
    expect(count(cached)).toEqual(first);
    expect(sc.executorStats!.tasksOnWorkers).toBe(shipped + 1);
    const saved = sc.parallelize(LINES).flatMap((l) => l.split(" "));
    saved.checkpoint();
    saved.count();
    expect(count(saved)).toEqual(first);
    expect(sc.executorStats!.tasksOnWorkers).toBe(shipped + 2);
  });
});

describe("MapTaskExecutor: what stays on the main thread", () => {
  it("a function capturing a variable is not shipped, and the result is still right", () => {
    const suffix = "!";
    const { stats } = both((sc) =>
      sc
        .parallelize(LINES)
        .map((l) => [l + suffix, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(stats.tasksOnWorkers).toBe(0);
    expect(stats.tasksNotShippable).toBe(2);
    expect(stats.lastNotShippableReason).toMatch(/map function cannot ship: it reads `suffix`/);
  });

  it("inputs that are not plain data, outputs that cannot cross, and computed inputs", () => {
    class Word {
      constructor(readonly text: string) {}
    }
    const sc = context(1);
    const words = sc.parallelize(["a", "b", "a"].map((w) => new Word(w)));
    expect(
      words
        .map((w) => [w.text, 1] as KV)
        .reduceByKey((a, b) => a + b)
        .collectAsMap(),
    ).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/not plain data/);
    const fnValues = sc
      .parallelize(["a", "b"])
      .map((w) => [w, () => w] as [string, () => string])
      .groupByKey()
      .collect();
    expect(fnValues.map(([k, fs]) => [k, fs[0]!()])).toEqual(
      expect.arrayContaining([
        ["a", "a"],
        ["b", "b"],
      ]),
    );
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/do not survive a copy/);
    sc.parallelize(LINES)
      .sample(false, 0.5)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .count();
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/computed, not in memory/);
  });
});

describe("MapTaskExecutor: failures", () => {
  it("a function throwing fails the action with its error, wherever it ran", () => {
    // Partition 0 (records below 2000) goes to the worker, partition 1 stays on the main thread.
    // Each function is a literal: one choosing by a captured variable would not ship.
    const cases: [(x: number) => [number, number], string, "worker" | "main thread"][] = [
      [
        (x) => {
          if (x === 1) throw new RangeError(`record ${x} is out of range`);
          return [x % 10, x];
        },
        "record 1 is out of range",
        "worker",
      ],
      [
        (x) => {
          if (x === 3000) throw new RangeError(`record ${x} is out of range`);
          return [x % 10, x];
        },
        "record 3000 is out of range",
        "main thread",
      ],
      [
        (x) => {
          if (x === 1 || x === 3000) throw new RangeError(`record ${x} is out of range`);
          return [x % 10, x];
        },
        "record 1 is out of range", // the first partition's error, as without workers
        "worker",
      ],
    ];
    for (const [f, message, where] of cases) {
      const sc = context(1);
      const job = sc
        .parallelize(Array.from({ length: 4000 }, (_, i) => i))
        .map(f)
        .reduceByKey((a, b) => a + b);
      const e = captured(() => job.collect());
      expect(e).toBeInstanceOf(RangeError);
      expect((e as Error).message).toBe(message);
      expect(sc.executorStats!.tasksNotShippable).toBe(0);
      // The stack says where it was thrown: the worker's runs through runMapTask.
      if (where === "worker") expect((e as Error).stack).toMatch(/runMapTask/);
      else expect((e as Error).stack).not.toMatch(/runMapTask/);
    }
  });

  it("a key that cannot be compared fails in a worker with NonComparableKeyError naming the operator", () => {
    for (const op of ["reduceByKey", "groupByKey"] as const) {
      const run = (sc: BatchContext) => {
        const pairs = sc.parallelize([1, 2, 3, 4]).map((x) => [{ id: x }, x] as [object, number]);
        return op === "reduceByKey"
          ? pairs.reduceByKey((a, b) => a + b).collect()
          : pairs.groupByKey().collect();
      };
      const local = captured(() => run(context(0)));
      const sc = context(1);
      const parallel = captured(() => run(sc));
      expect(parallel).toBeInstanceOf(NonComparableKeyError);
      expect(parallel).toMatchObject({ operator: op, message: (local as Error).message });
      expect((parallel as Error).message).toMatch(new RegExp(`^${op}: the key`));
      expect((parallel as Error).stack).toMatch(/runMapTask/); // thrown in the worker
    }
  });

  it("a worker that dies mid-task is replaced, and its task re-runs on the main thread", () => {
    const sc = context(1, 2, {
      workerResourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    });
    const job = () =>
      sc
        .parallelize([0, 1, 2, 3])
        .map((x) => {
          // Far more than the worker's 8 MB heap allows; fine on the main thread.
          if (x === 0) {
            const held = [];
            for (let i = 0; i < 2_000_000; i++) held.push({ i });
            return [held.length, 1] as [number, number];
          }
          return [x, 1] as [number, number];
        })
        .reduceByKey((a, b) => a + b)
        .collect();
    expect(new Map(job())).toEqual(
      new Map([
        [2_000_000, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    );
    expect(sc.executorStats!.workersReplaced).toBe(1);
    // The replacement works: a job it can run ships again.
    const before = sc.executorStats!.tasksOnWorkers;
    sc.parallelize(LINES)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .count();
    expect(sc.executorStats!.tasksOnWorkers).toBe(before + 1);
  });
});

describe("MapTaskExecutor: lifecycle", () => {
  it("stop() terminates the worker threads", async () => {
    const sc = context(2);
    sc.parallelize(LINES, 3)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .count();
    const tids = sc.executor!.osThreadIds;
    expect(tids.length).toBe(2);
    sc.stop();
    expect(sc.executorStats!.workers).toBe(0);
    if (!fs.existsSync("/proc/self/task")) return; // only Linux shows threads
    const deadline = Date.now() + 5000;
    while (tids.some((t) => fs.existsSync(`/proc/self/task/${t}`)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(tids.filter((t) => fs.existsSync(`/proc/self/task/${t}`))).toEqual([]);
  });

  it("rejects a negative or fractional number of workers", () => {
    expect(() => new BatchContext({ workers: -1 })).toThrow(/whole number of at least 0/);
    expect(() => new BatchContext({ workers: 1.5 })).toThrow(/whole number of at least 0/);
  });
});

function captured(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected the job to fail");
}
