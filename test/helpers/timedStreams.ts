import * as fs from "node:fs";
import * as path from "node:path";
import { type DStream, type RDD, Seconds, type StreamingContext } from "../../engine";
import { collectOutput, manualContext } from "./testStreams";

// Helpers for the window and state suites (kept apart from testStreams.ts, which other suites
// extend at the same time).

/**
 * Like runOperation, but keeps each output's batch time: windowed and slid streams produce output
 * only at their own slide, so the time says which window a batch of records is.
 *
 * @example
 * const out = await runTimedOperation([[1], [2]], (s) => s.window(Seconds(2)));
 * // [{ time: 1000, records: [1] }, { time: 2000, records: [1, 2] }]
 */
export async function runTimedOperation<T, U>(
  input: T[][],
  operation: (s: DStream<T>) => DStream<U>,
  options: { numBatches?: number; checkpoint?: boolean; parallelism?: number } = {},
): Promise<{ time: number; records: U[] }[]> {
  const { ssc, clock } = await manualContext(options);
  const out = collectOutput(operation(ssc.queueStream(input.map((b) => [...b]))));
  ssc.start();
  await clock.advance(Seconds(options.numBatches ?? input.length));
  await ssc.stop();
  return out;
}

/** Every batch's failure messages and whether awaitTermination rejected, for failing-batch tests. */
export function watchFailures(ssc: StreamingContext): {
  failures: Map<number, string[]>;
  termination: Promise<unknown>;
} {
  const failures = new Map<number, string[]>();
  ssc.addStreamingListener({ onBatchCompleted: (b) => failures.set(b.batchTime.milliseconds, b.failures) });
  // Attached at once, so the rejection is never "unhandled" while the test is still advancing.
  const termination = ssc.awaitTermination().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { failures, termination };
}

/** Every file under `dir`, recursively, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** How many RDDs the lineage of `rdd` reaches (each counted once): what checkpointing must bound. */
export function lineageSize(rdd: RDD<unknown>): number {
  const seen = new Set<RDD<unknown>>();
  const visit = (r: RDD<unknown>) => {
    if (seen.has(r)) return;
    seen.add(r);
    for (const d of r.dependencies) visit(d.rdd);
  };
  visit(rdd);
  return seen.size;
}
