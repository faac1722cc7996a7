import { afterEach, expect } from "vitest";
import { BatchContext, type BatchContextOptions, type RDD } from "../../../engine";

export type KV = [string, number];

const contexts: BatchContext[] = [];
afterEach(() => {
  for (const sc of contexts.splice(0)) sc.stop();
});

/** A context with `workers` worker threads (explicit: DSTREAM_LAB_WORKERS must not change these tests), stopped after the test. */
export function context(workers: number, parallelism = 2, extra: BatchContextOptions = {}): BatchContext {
  const sc = new BatchContext({ appName: "executor-test", parallelism, workers, ...extra });
  contexts.push(sc);
  return sc;
}

/**
 * The job's partitions (glom: placement and order within each partition) on the main thread alone
 * and with `workers` threads (the map side computed ahead, as the scheduler does, by
 * collectAsync), which must be identical; also returns the pool's context for its stats.
 */
export async function both<T>(job: (sc: BatchContext) => RDD<T>, workers = 2, parallelism = 2) {
  const local = job(context(0, parallelism)).glom().collect();
  const sc = context(workers, parallelism);
  const parallel = await job(sc).glom().collectAsync();
  expect(parallel).toEqual(local);
  return { local, parallel, stats: sc.executorStats!, sc };
}

/** 2,000 short lines with repeated words. */
export const LINES = Array.from(
  { length: 2000 },
  (_, i) => `w${i % 37} x${i % 5} ${i % 3 === 0 ? "three" : "other"}`,
);

/** What `f` throws (synchronously or as a rejection); fails the test if it does not. */
export async function thrownBy(f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  throw new Error("expected the job to fail");
}
