import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { BatchContext, NonComparableKeyError, TaskCancelledError } from "../../../engine";
import { until } from "../../helpers/until";
import { context, type KV, LINES, thrownBy } from "./support";

describe("Executor: a function that throws on a worker", () => {
  it("fails the action with the user's error: class, message, and the worker's stack", async () => {
    const sc = context(2);
    const job = sc
      .parallelize(Array.from({ length: 4000 }, (_, i) => i))
      .map((x) => {
        if (x === 3000) throw new RangeError(`record ${x} is out of range`);
        return [x % 10, x] as [number, number];
      })
      .reduceByKey((a, b) => a + b);
    const e = await thrownBy(() => job.collectAsync());
    expect(e).toBeInstanceOf(RangeError);
    expect((e as Error).message).toBe("record 3000 is out of range");
    expect((e as Error).stack).toMatch(/MapTaskRun|forEachRecord/); // thrown in the worker
    expect(sc.executorStats).toMatchObject({ tasksOnWorkers: 1, tasksNotShippable: 0 });
    // Read once: the next action computes the output again (here, and fails the same way).
    expect(() => job.collect()).toThrow("record 3000 is out of range");
  });

  it("throws the first partition's error when several fail, as without workers", async () => {
    const run = (sc: BatchContext) =>
      sc
        .parallelize(Array.from({ length: 4000 }, (_, i) => i))
        .map((x) => {
          if (x === 1 || x === 3000) throw new RangeError(`record ${x} is out of range`);
          return [x % 10, x] as [number, number];
        })
        .reduceByKey((a, b) => a + b)
        .collectAsync();
    const local = await thrownBy(() => run(context(0)));
    const parallel = await thrownBy(() => run(context(2)));
    expect((parallel as Error).message).toBe((local as Error).message);
    expect((parallel as Error).message).toBe("record 1 is out of range");
  });

  it("a key that cannot be compared fails with NonComparableKeyError naming the operator", async () => {
    for (const op of ["reduceByKey", "groupByKey"] as const) {
      const run = (sc: BatchContext) => {
        const pairs = sc.parallelize([1, 2, 3, 4]).map((x) => [{ id: x }, x] as [object, number]);
        return (
          op === "reduceByKey" ? pairs.reduceByKey((a, b) => a + b) : pairs.groupByKey()
        ).collectAsync();
      };
      const local = await thrownBy(() => run(context(0)));
      const parallel = await thrownBy(() => run(context(2)));
      expect(parallel).toBeInstanceOf(NonComparableKeyError);
      expect(parallel).toMatchObject({ operator: op, message: (local as Error).message });
      expect((parallel as Error).stack).toMatch(/MapTaskRun|MapOutputWriter/);
    }
  });
});

describe("Executor: a worker that dies", () => {
  it("has its task re-run on the main thread and is replaced", async () => {
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
        .collectAsync();
    expect(new Map(await job())).toEqual(
      new Map([
        [2_000_000, 1],
        [1, 1],
        [2, 1],
        [3, 1],
      ]),
    );
    expect(sc.executorStats).toMatchObject({ workersReplaced: 1, tasksOnWorkers: 1, tasksOnMainThread: 1 });
    // The replacement works: a job it can run ships again.
    await sc
      .parallelize(LINES)
      .map((l) => [l, 1] as KV)
      .reduceByKey((a, b) => a + b)
      .countAsync();
    expect(sc.executorStats!.tasksOnWorkers).toBe(3);
  });
});

describe("Executor: a task that never ends", () => {
  it("is stopped by cancelRunningTasks: its action fails with TaskCancelledError naming the function and the fix", async () => {
    const sc = context(2);
    const job = sc
      .parallelize([1, 2, 3, 4], 2)
      .map((x) => {
        while (x === 1) {
          // never ends
        }
        return [x, 1] as [number, number];
      })
      .reduceByKey((a, b) => a + b);
    const pending = job.collectAsync();
    // Partition 1 finishes on the other worker; partition 0 spins.
    await until(() => sc.executorStats!.tasksOnWorkers === 1, "the other partition", 15_000);
    expect(sc.cancelRunningTasks()).toBe(1);
    const e = await thrownBy(() => pending);
    expect(e).toBeInstanceOf(TaskCancelledError);
    expect((e as Error).message).toMatch(
      /^The reduceByKey map task of partition 0 on a worker thread \(map `\(x\) => \{/,
    );
    expect((e as Error).message).toMatch(/was cancelled after [\d.]+ s \(interrupted\)/);
    expect((e as Error).message).toMatch(/workers: 0/);
    expect(sc.executorStats!.tasksCancelled).toBe(1);
    // The spinning thread is gone, and the pool runs the next job on a fresh one.
    await until(() => sc.executorStats!.threads === 1, "the cancelled thread to end");
    const n = await sc
      .parallelize([5, 6, 7])
      .map((x) => [x, 1] as [number, number])
      .reduceByKey((a, b) => a + b)
      .countAsync();
    expect(n).toBe(3);
  });

  it("a queued task is cancelled too, before it starts", async () => {
    const sc = context(1);
    const pending = sc
      .parallelize([1, 2], 2)
      .map((x) => {
        while (x > 0) {
          // never ends
        }
        return [x, 1] as [number, number];
      })
      .reduceByKey((a, b) => a + b)
      .collectAsync();
    await until(() => sc.executorStats!.threads === 1, "a thread to start");
    expect(sc.cancelRunningTasks("stop now")).toBe(2);
    const e = await thrownBy(() => pending);
    expect(e).toBeInstanceOf(TaskCancelledError);
    expect((e as Error).message).toMatch(/partition 0 .* was cancelled after [\d.]+ s \(stop now\)/);
  });

  it("stop() cancels running tasks and ends the threads", async () => {
    const sc = context(2);
    const pending = sc
      .parallelize([1, 2], 2)
      .map((x) => {
        while (x > 0) {
          // never ends
        }
        return [x, 1] as [number, number];
      })
      .reduceByKey((a, b) => a + b)
      .collectAsync();
    await until(() => sc.executorStats!.threads === 2, "both threads to start");
    sc.stop();
    expect(await thrownBy(() => pending)).toBeInstanceOf(Error);
    expect(sc.executorStats).toMatchObject({ workers: 0, tasksCancelled: 2 });
    await until(() => sc.executorStats!.threads === 0, "the threads to end");
  });
});

describe("Executor: options", () => {
  it("rejects a negative or fractional number of workers, and a bad DSTREAM_LAB_WORKERS", () => {
    expect(() => new BatchContext({ workers: -1 })).toThrow(/whole number of at least 0/);
    expect(() => new BatchContext({ workers: 1.5 })).toThrow(/whole number of at least 0/);
    const saved = process.env.DSTREAM_LAB_WORKERS;
    try {
      process.env.DSTREAM_LAB_WORKERS = "two";
      expect(() => new BatchContext()).toThrow(/DSTREAM_LAB_WORKERS must be a whole number.*"two"/);
      process.env.DSTREAM_LAB_WORKERS = "0";
      expect(new BatchContext().executorStats).toBeUndefined();
      process.env.DSTREAM_LAB_WORKERS = "3";
      const sc = new BatchContext();
      expect(sc.executorStats!.workers).toBe(3);
      sc.stop();
      expect(new BatchContext({ workers: 1 }).executorStats!.workers).toBe(1); // an explicit count wins
      delete process.env.DSTREAM_LAB_WORKERS;
      expect(new BatchContext().executorStats!.workers).toBe(os.availableParallelism());
    } finally {
      if (saved === undefined) delete process.env.DSTREAM_LAB_WORKERS;
      else process.env.DSTREAM_LAB_WORKERS = saved;
    }
  });

  it("lets a process that never calls stop() exit: idle workers do not hold it open", () => {
    const script = path.join(__dirname, "../../fixtures/workersProcess.ts");
    const run = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: path.join(__dirname, "../../.."),
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      counts: [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ],
      shipped: 2,
    });
  });
});
