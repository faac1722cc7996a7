import { describe, expect, it } from "vitest";
import { type RDD, TaskCancelledError } from "../../../engine";
import { tempDir } from "../rdd/support";
import { both, context, type KV, LINES } from "./support";

describe("Executor: the same results as the main thread alone", () => {
  it("word count, both map partitions on the workers", async () => {
    const { parallel, stats } = await both((sc) =>
      sc
        .parallelize(LINES)
        .flatMap((l) => l.split(" "))
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(parallel.flat()).toContainEqual(["three", 667]);
    expect(stats).toMatchObject({ tasksOnWorkers: 2, tasksOnMainThread: 0, tasksNotShippable: 0 });
  });

  it("groupByKey (no map-side combine), distinct, tuple keys, filter/keyBy/mapValues/flatMapValues/keys/values", async () => {
    await both((sc) =>
      sc
        .parallelize(LINES, 3)
        .map((l) => [l.length, l] as [number, string])
        .groupByKey(),
    );
    await both((sc) =>
      sc
        .parallelize(LINES, 3)
        .flatMap((l) => l.split(" "))
        .distinct(),
    );
    const { stats } = await both((sc) =>
      sc
        .parallelize(LINES, 4)
        .filter((l) => !l.startsWith("w1"))
        .keyBy((l) => [l.length % 3, l.split(" ")[1]!] as [number, string])
        .mapValues((l) => l.length)
        .reduceByKey((a, b) => a + b),
    );
    expect(stats).toMatchObject({ tasksOnWorkers: 4, tasksNotShippable: 0 });
    await both((sc) =>
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

  it("records of every plain kind, and strings with any characters", async () => {
    const odd = ["", "é", "😀", "\n", "a\u0000b", "\ud800", "x".repeat(5000)];
    await both((sc) =>
      sc
        .parallelize(
          Array.from({ length: 300 }, (_, i) => odd[i % odd.length]!),
          3,
        )
        .map((s) => [s, s.length] as KV)
        .groupByKey(),
    );
    const values = [
      1,
      -0,
      2.5,
      true,
      null,
      undefined,
      7n,
      [1, "a"],
      { a: [1] },
      new Map([[1, 2]]),
      new Set([3]),
    ];
    await both((sc) =>
      sc
        .parallelize(
          Array.from({ length: 200 }, (_, i) => values[i % values.length]),
          2,
        )
        .map((v) => [typeof v, [v]] as [string, unknown[]])
        .reduceByKey((a, b) => a.concat(b)),
    );
    const typed = Array.from({ length: 50 }, (_, i) => new Float64Array([i, i / 2]));
    await both((sc) =>
      sc
        .parallelize(typed, 2)
        .map((a) => [a[0]! % 5, a] as [number, Float64Array])
        .groupByKey(),
    );
  });

  it("fused pair steps give what the pairs would: (w) => [w, 1], keyBy and mapValues before a combine", async () => {
    // The worker hands key and value straight to the combiner; evaluation order and errors stay.
    await both((sc) =>
      sc
        .parallelize(LINES, 2)
        .flatMap((l) => l.split(" "))
        .map((w) => [w.slice(0, 2), w.length * 0.1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    await both((sc) =>
      sc
        .parallelize(LINES, 2)
        .keyBy((l) => l.length)
        .mapValues((l) => l.split(" ").length)
        .reduceByKey((a, b) => (a * 31 + b) % 1_000_003),
    );
    await both((sc) =>
      sc
        .parallelize(LINES, 2)
        .map((l) => [l[0], l.length] as KV)
        .aggregateByKey(
          0,
          (acc, v) => acc - v,
          (a, b) => a + b,
        ),
    );
  });

  it("empty partitions and empty RDDs", async () => {
    await both((sc) =>
      sc
        .parallelize(["a b"], 4)
        .flatMap((l) => l.split(" "))
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    await both((sc) => sc.parallelize<KV>([], 3).reduceByKey((a, b) => a + b));
  });

  it("combiners that are objects, joins, cogroups and unions of inputs", async () => {
    await both(
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
    const { stats } = await both((sc) => {
      const a = sc.parallelize(LINES, 2).map((l) => [l.split(" ")[0]!, l.length] as KV);
      const b = sc.parallelize(LINES.slice(0, 50), 2).map((l) => [l.split(" ")[0]!, 1] as KV);
      return a.join(b).union(a.cogroup(b).mapValues(([x, y]) => [x.length, y.length] as never));
    });
    expect(stats.tasksOnWorkers).toBe(8); // each side's 2 map tasks, for the join and for the cogroup
    const { stats: unionStats } = await both((sc) =>
      sc
        .parallelize(LINES.slice(0, 100), 2)
        .union(sc.parallelize(LINES.slice(100, 300), 3))
        .map((l) => [l.slice(-5), 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(unionStats.tasksOnWorkers).toBe(5);
  });

  it("reads cached, checkpointed and persisted-source partitions as inputs; a cache not yet filled is computed here", async () => {
    const sc = context(2);
    sc.setCheckpointDir(tempDir());
    const count = (r: RDD<string>) =>
      r
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b)
        .collectAsync()
        .then((kvs) => new Map(kvs));
    const words = sc
      .parallelize(LINES)
      .flatMap((l) => l.split(" "))
      .cache();
    // Tasks whose input could ship: sent to a worker, or kept here by the cost model once timed.
    const shippable = () => sc.executorStats!.tasksOnWorkers + sc.executorStats!.tasksCheaperOnMainThread;
    const first = await count(words);
    expect(sc.executorStats).toMatchObject({ tasksOnWorkers: 0, tasksOnMainThread: 2, tasksNotShippable: 2 });
    expect(sc.executorStats!.notShippable[0]!.reason).toMatch(/cached but not computed yet/);
    expect(words.isCached(0) && words.isCached(1)).toBe(true);
    expect(await count(words)).toEqual(first);
    expect(shippable()).toBe(2);
    const saved = sc.parallelize(LINES).flatMap((l) => l.split(" "));
    saved.checkpoint();
    saved.count();
    expect(await count(saved)).toEqual(first);
    expect(shippable()).toBe(4);
    // A persisted source (a window's input stream is persisted) ships its records before they are cached.
    const source = sc.parallelize(LINES.flatMap((l) => l.split(" "))).cache();
    expect(await count(source)).toEqual(first);
    expect(shippable()).toBe(6);
  });

  it("synchronous actions compute on the main thread and are counted as such", () => {
    const sc = context(2);
    sc.parallelize(LINES)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .collect();
    expect(sc.executorStats).toMatchObject({
      tasksOnWorkers: 0,
      tasksOnMainThread: 2,
      tasksOfSynchronousActions: 2,
      threads: 0, // no thread was even started
    });
  });

  it("counts an async action's tasks once, and leaves the context usable after a cancel with nothing running", async () => {
    const sc = context(2);
    expect(sc.cancelRunningTasks()).toBe(0);
    const n = await sc
      .parallelize(LINES)
      .map((l) => [l.length, 1] as [number, number])
      .reduceByKey((a, b) => a + b)
      .countAsync();
    expect(n).toBe(new Set(LINES.map((l) => l.length)).size);
    expect(sc.executorStats).toMatchObject({ tasksOnWorkers: 2, tasksOnMainThread: 0, tasksCancelled: 0 });
    expect(TaskCancelledError.name).toBe("TaskCancelledError");
  });
});

describe("Executor: what stays on the main thread, and says why", () => {
  it("a function capturing a variable (no host resolver here) names the function and the variable", async () => {
    const suffix = "!";
    const { stats } = await both((sc) =>
      sc
        .parallelize(LINES)
        .map((l) => [l + suffix, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(stats).toMatchObject({ tasksOnWorkers: 0, tasksOnMainThread: 2, tasksNotShippable: 2 });
    expect(stats.notShippable).toEqual([
      {
        function: expect.stringContaining("suffix"),
        reason: expect.stringMatching(/^map: .*`suffix`/),
        tasks: 2,
      },
    ]);
    expect(stats.lastNotShippableReason).toMatch(/suffix/);
  });

  it("keeps the latest few distinct reasons, newest last", async () => {
    const sc = context(2);
    for (let i = 0; i < 7; i++) {
      const captured = `v${i}`;
      // A different function each time (new Function), each capturing nothing shippable.
      const f = new Function("c", `return (l) => [l + c + ${i}, 1]`)(captured) as (l: string) => KV;
      await sc
        .parallelize(LINES.slice(0, 10))
        .map(f)
        .reduceByKey((a, b) => a + b)
        .collectAsync();
    }
    const { notShippable } = sc.executorStats!;
    expect(notShippable).toHaveLength(5);
    expect(notShippable.at(-1)!.function).toContain("+ 6");
    expect(notShippable[0]!.function).toContain("+ 2");
  });

  it("inputs that are not plain data, outputs that cannot cross, and computed inputs", async () => {
    class Word {
      constructor(readonly text: string) {}
    }
    const sc = context(2);
    const words = sc.parallelize(["a", "b", "a"].map((w) => new Word(w)));
    const counts = await words
      .map((w) => [w.text, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .collectAsync();
    expect(new Map(counts)).toEqual(
      new Map([
        ["a", 2],
        ["b", 1],
      ]),
    );
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/not plain data/);
    const fnValues = await sc
      .parallelize(["a", "b"])
      .map((w) => [w, () => w] as [string, () => string])
      .groupByKey()
      .collectAsync();
    expect(fnValues.map(([k, fs]) => [k, fs[0]!()])).toEqual(
      expect.arrayContaining([
        ["a", "a"],
        ["b", "b"],
      ]),
    );
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/do not survive a copy/);
    await sc
      .parallelize(LINES)
      .sample(false, 0.5)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .countAsync();
    expect(sc.executorStats!.lastNotShippableReason).toMatch(/PipelinedRDD \(sample\) is computed here/);
  });

  it("a function that changes captured state stays, so the change is not lost", async () => {
    const sc = context(2);
    let seen = 0;
    const n = await sc
      .parallelize(LINES)
      .map((l) => {
        seen++;
        return [l, 1] as KV;
      })
      .reduceByKey((a, b) => a + b)
      .countAsync();
    expect(n).toBe(new Set(LINES).size);
    expect(seen).toBe(LINES.length);
    expect(sc.executorStats!.tasksOnWorkers).toBe(0);
  });
});
