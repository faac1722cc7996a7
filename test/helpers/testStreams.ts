import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BatchContext,
  type BatchInfo,
  type Clock,
  type DStream,
  ManualClock,
  Seconds,
  StreamingContext,
  type StreamingContextOptions,
} from "../../engine";

/** A fresh context on a ManualClock (batch 1 s by default), stopping any leftover active one. */
export async function manualContext(
  options: {
    batch?: ReturnType<typeof Seconds>;
    parallelism?: number;
    checkpoint?: boolean;
  } & StreamingContextOptions = {},
): Promise<{ sc: BatchContext; ssc: StreamingContext; clock: ManualClock; checkpointDir?: string }> {
  await StreamingContext.getActive()?.stop();
  const sc = new BatchContext({ appName: "test", parallelism: options.parallelism ?? 2 });
  const clock = new ManualClock();
  const checkpointDir = options.checkpoint ? tempDir("ckpt-") : undefined;
  const { batch, parallelism: _, checkpoint: __, ...contextOptions } = options;
  const ssc = new StreamingContext(sc, batch ?? Seconds(1), {
    ...contextOptions,
    clock,
    logErrors: options.logErrors ?? false,
    ...(checkpointDir ? { checkpointDir } : {}),
  });
  return { sc, ssc, clock, ...(checkpointDir ? { checkpointDir } : {}) };
}

// One exit handler for every temporary directory: one each would pass Node's limit of 10
// listeners (MaxListenersExceededWarning) in any suite that checkpoints.
const tempDirs: string[] = [];
process.once("exit", () => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new temporary directory, removed when the process exits. */
export function tempDir(prefix = "dstream-lab-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * Spark's TestSuiteBase in one call: feeds `input` (one array per batch) through `operation` on a
 * ManualClock and returns the collected output of each batch, in order. Runs `numBatches`
 * batches (default: as many as there are inputs).
 *
 * @example
 * const out = await runOperation([["a b"], ["b"]], (s) => s.flatMap((l) => l.split(" ")));
 * // [["a", "b"], ["b"]]
 */
export async function runOperation<T, U>(
  input: T[][],
  operation: (s: DStream<T>) => DStream<U>,
  options: { numBatches?: number; checkpoint?: boolean; parallelism?: number } = {},
): Promise<U[][]> {
  const { ssc, clock } = await manualContext(options);
  const out: U[][] = [];
  operation(ssc.queueStream(input.map((b) => [...b]))).foreachRDD((rdd) => {
    out.push(rdd.collect());
  });
  ssc.start();
  await clock.advance(Seconds(options.numBatches ?? input.length));
  await ssc.stop();
  return out;
}

/** Like runOperation, for operations on two input streams. */
export async function runBinaryOperation<A, B, U>(
  input1: A[][],
  input2: B[][],
  operation: (a: DStream<A>, b: DStream<B>) => DStream<U>,
  options: { numBatches?: number; checkpoint?: boolean } = {},
): Promise<U[][]> {
  const { ssc, clock } = await manualContext(options);
  const out: U[][] = [];
  operation(
    ssc.queueStream(input1.map((b) => [...b])),
    ssc.queueStream(input2.map((b) => [...b])),
  ).foreachRDD((rdd) => {
    out.push(rdd.collect());
  });
  ssc.start();
  await clock.advance(Seconds(options.numBatches ?? Math.max(input1.length, input2.length)));
  await ssc.stop();
  return out;
}

/** Sorts each batch so outputs compare regardless of partition order. */
export function sortedBatches<U>(batches: U[][]): U[][] {
  return batches.map((b) =>
    [...b].sort((x, y) =>
      JSON.stringify(x) < JSON.stringify(y) ? -1 : JSON.stringify(x) > JSON.stringify(y) ? 1 : 0,
    ),
  );
}

/** Collects every BatchInfo a context completes. */
export function collectBatches(ssc: StreamingContext): BatchInfo[] {
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b) });
  return infos;
}

/** Every batch of `stream` as `{ time, records }`, in the order the batches ran. */
export function collectOutput<T>(stream: DStream<T>): { time: number; records: T[] }[] {
  const out: { time: number; records: T[] }[] = [];
  stream.foreachRDD((rdd, time) => {
    out.push({ time: time.milliseconds, records: rdd.collect() });
  });
  return out;
}

/** A promise with its resolve/reject exposed, to hold a batch open until the test says so. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
} {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks and setImmediate hops run (the scheduler yields between jobs). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock that, like the system clock, fires due tasks without waiting for the batches they
 * start — so batches can pile up in the scheduler's queue (what stopGracefully is about). Time
 * still moves only when the test says: `fire(ms)` runs every task due by then.
 */
export class FiringClock implements Clock {
  private time = 0;
  private tasks: { timeMs: number; task: () => unknown }[] = [];

  now(): number {
    return this.time;
  }

  schedule(timeMs: number, task: () => unknown): () => void {
    const entry = { timeMs, task };
    this.tasks.push(entry);
    return () => {
      this.tasks = this.tasks.filter((t) => t !== entry);
    };
  }

  /**
   * Moves to `timeMs`, starting (not awaiting) every task due on the way, in time order. Like
   * timers, each task gets a turn of the event loop before the next fires, so what it starts
   * synchronously (a batch's first steps) happens at its own time.
   */
  async fire(timeMs: number): Promise<void> {
    for (;;) {
      const due = this.tasks.filter((t) => t.timeMs <= timeMs).sort((a, b) => a.timeMs - b.timeMs)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.time = Math.max(this.time, due.timeMs);
      void due.task();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.time = Math.max(this.time, timeMs);
  }
}
