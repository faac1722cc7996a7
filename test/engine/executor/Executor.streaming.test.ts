import { afterEach, describe, expect, it } from "vitest";
import {
  BatchContext,
  BatchFailedError,
  type DStream,
  type ExecutorStats,
  ManualClock,
  Seconds,
  type State,
  StateSpec,
  StreamingContext,
  TaskCancelledError,
} from "../../../engine";
import { until } from "../../helpers/until";
import { tempDir } from "../rdd/support";
import type { KV } from "./support";

afterEach(async () => {
  await StreamingContext.getActive()?.stop({ stopBatchContext: true });
});

/** Batches of lines with a few hundred distinct words, one empty. */
const BATCHES = [0, 1, 2, 3, 4, 5].map((b) =>
  b === 3
    ? []
    : Array.from(
        { length: 400 + b * 150 },
        (_, i) => `w${(i * (b + 1)) % 53} v${i % 7} ${b % 2 ? "odd" : "even"}`,
      ),
);

/**
 * Runs `outputs` over a queue of BATCHES on a ManualClock with `workers` threads; every output's
 * batches as their partitions (placement and order included), and the executor's stats.
 */
async function run(
  workers: number,
  outputs: (lines: DStream<string>, ssc: StreamingContext) => DStream<unknown>[],
): Promise<{ out: unknown[][][]; stats: ExecutorStats | undefined }> {
  await StreamingContext.getActive()?.stop();
  const sc = new BatchContext({ appName: "executor-stream", parallelism: 2, workers });
  const clock = new ManualClock();
  const ssc = new StreamingContext(sc, Seconds(1), { clock, checkpointDir: tempDir() });
  const streams = outputs(
    ssc.generatorStream((_t, i) => BATCHES[i] ?? [], 2),
    ssc,
  );
  const out: unknown[][][] = streams.map(() => []);
  streams.forEach((s, i) =>
    s.foreachRDD((rdd) => {
      out[i]!.push(rdd.glom().collect());
    }),
  );
  ssc.start();
  await clock.advance(Seconds(BATCHES.length));
  const stats = sc.executorStats;
  await ssc.stop({ stopBatchContext: true });
  return { out, stats };
}

const words = (lines: DStream<string>) => lines.flatMap((l) => l.split(" ")).map((w) => [w, 1] as KV);

describe("Executor in a stream: every batch the same as on the main thread alone", () => {
  it("word count: the map side of every batch on the workers", async () => {
    const job = (lines: DStream<string>) => [words(lines).reduceByKey((a, b) => a + b)];
    const local = await run(0, job);
    const parallel = await run(2, job);
    expect(parallel.out).toEqual(local.out);
    expect(parallel.out[0]).toHaveLength(BATCHES.length);
    expect(parallel.stats).toMatchObject({ tasksOnWorkers: 2 * BATCHES.length, tasksOnMainThread: 0 });
  });

  it("state and windows: updateStateByKey, reduceByKeyAndWindow with and without inverse, countByValueAndWindow, mapWithState, window + groupByKey, join", async () => {
    const job = (lines: DStream<string>) => {
      const pairs = words(lines);
      return [
        pairs.updateStateByKey((vs: number[], s: number | undefined) => vs.reduce((a, b) => a + b, s ?? 0)),
        pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(3), Seconds(1)),
        pairs.reduceByKeyAndWindow((a, b) => a + b, {
          invFunc: (a, b) => a - b,
          windowDuration: Seconds(3),
          slideDuration: Seconds(1),
          filterFunc: (kv) => kv[1] !== 0,
        }),
        lines.flatMap((l) => l.split(" ")).countByValueAndWindow(Seconds(2), Seconds(2)),
        pairs.mapWithState(
          StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
            const total = (v ?? 0) + (s.getOption() ?? 0);
            s.update(total);
            return [k, total] as KV;
          }),
        ),
        lines
          .window(Seconds(2))
          .map((l) => [l.length, l] as [number, string])
          .groupByKey(),
        pairs.reduceByKey((a, b) => a + b).join(pairs.mapValues((v) => v * 2).reduceByKey((a, b) => a + b)),
      ];
    };
    const local = await run(0, job);
    const parallel = await run(2, job);
    for (let i = 0; i < local.out.length; i++) expect(parallel.out[i]).toEqual(local.out[i]);
    expect(parallel.stats!.tasksOnWorkers).toBeGreaterThan(0);
  });
});

describe("Executor in a stream: failures", () => {
  it("a function throwing on a worker fails its batch with the user's error; the state goes on from the last good batch", async () => {
    await StreamingContext.getActive()?.stop();
    const sc = new BatchContext({ parallelism: 2, workers: 2 });
    const clock = new ManualClock();
    const ssc = new StreamingContext(sc, Seconds(1), { clock, checkpointDir: tempDir(), logErrors: false });
    const failures: unknown[] = [];
    ssc.addStreamingListener({ onError: (e) => failures.push(e) });
    const states: KV[][] = [];
    ssc
      .queueStream([["a", "b"], ["a", "bad"], ["b"]].map((b) => sc.parallelize(b, 2)))
      .map((w) => {
        if (w === "bad") throw new RangeError(`cannot count ${w}`);
        return [w, 1] as KV;
      })
      .updateStateByKey((vs: number[], s: number | undefined) => vs.reduce((a, b) => a + b, s ?? 0))
      .foreachRDD((rdd) => {
        states.push(rdd.collect().sort());
      });
    ssc.start();
    await clock.advance(Seconds(3));
    expect(states).toEqual([
      [
        ["a", 1],
        ["b", 1],
      ],
      [
        ["a", 1],
        ["b", 2],
      ],
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(BatchFailedError);
    const cause = (failures[0] as BatchFailedError).cause;
    expect(cause).toBeInstanceOf(RangeError);
    expect((cause as Error).message).toBe("cannot count bad");
    expect(sc.executorStats!.tasksOnWorkers).toBeGreaterThan(0);
  });

  it("a task that never ends is cancelled: its batch fails with TaskCancelledError, the next batch runs, stop() returns", async () => {
    await StreamingContext.getActive()?.stop();
    const sc = new BatchContext({ parallelism: 2, workers: 2 });
    const clock = new ManualClock();
    const ssc = new StreamingContext(sc, Seconds(1), { clock, logErrors: false });
    const failures: unknown[] = [];
    ssc.addStreamingListener({ onError: (e) => failures.push(e) });
    const counts: KV[][] = [];
    ssc
      .queueStream(
        [
          ["spin", "a"],
          ["a", "b"],
        ].map((b) => sc.parallelize(b, 2)),
      )
      .map((w) => {
        while (w === "spin") {
          // never ends
        }
        return [w, 1] as KV;
      })
      .reduceByKey((a, b) => a + b)
      .foreachRDD((rdd) => {
        counts.push(rdd.collect().sort());
      });
    ssc.start();
    const first = clock.advance(Seconds(1));
    await until(() => sc.executorStats!.tasksOnWorkers === 1, "the batch's other task", 15_000);
    expect(sc.cancelRunningTasks()).toBe(1);
    await first;
    expect(failures).toHaveLength(1);
    expect((failures[0] as BatchFailedError).cause).toBeInstanceOf(TaskCancelledError);
    expect((failures[0] as Error).message).toMatch(/map `\(w\) => \{.*was cancelled/);
    await clock.advance(Seconds(1));
    expect(counts).toEqual([
      [
        ["a", 1],
        ["b", 1],
      ],
    ]);
    await ssc.stop({ stopBatchContext: true });
  });
});
