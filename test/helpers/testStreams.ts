import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  BatchContext,
  type BatchInfo,
  type DStream,
  ManualClock,
  Seconds,
  StreamingContext,
  type StreamingContextOptions,
} from "../../engine";

/** A fresh context on a ManualClock (batch 1 s by default), stopping any leftover active one. */
export async function manualContext(
  options: { batch?: ReturnType<typeof Seconds>; parallelism?: number; checkpoint?: boolean } & StreamingContextOptions = {},
): Promise<{ sc: BatchContext; ssc: StreamingContext; clock: ManualClock; checkpointDir?: string }> {
  await StreamingContext.getActive()?.stop();
  const sc = new BatchContext({ appName: "test", parallelism: options.parallelism ?? 2 });
  const clock = new ManualClock();
  const checkpointDir = options.checkpoint ? tempDir("ckpt-") : undefined;
  const ssc = new StreamingContext(sc, options.batch ?? Seconds(1), {
    clock,
    logErrors: options.logErrors ?? false,
    ...(checkpointDir ? { checkpointDir } : {}),
  });
  return { sc, ssc, clock, ...(checkpointDir ? { checkpointDir } : {}) };
}

/** A new temporary directory, removed when the process exits. */
export function tempDir(prefix = "dstream-lab-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
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
  operation(ssc.queueStream(input1.map((b) => [...b])), ssc.queueStream(input2.map((b) => [...b]))).foreachRDD(
    (rdd) => {
      out.push(rdd.collect());
    },
  );
  ssc.start();
  await clock.advance(Seconds(options.numBatches ?? Math.max(input1.length, input2.length)));
  await ssc.stop();
  return out;
}

/** Sorts each batch so outputs compare regardless of partition order. */
export function sortedBatches<U>(batches: U[][]): U[][] {
  return batches.map((b) => [...b].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : JSON.stringify(x) > JSON.stringify(y) ? 1 : 0)));
}

/** Collects every BatchInfo a context completes. */
export function collectBatches(ssc: StreamingContext): BatchInfo[] {
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b) });
  return infos;
}
