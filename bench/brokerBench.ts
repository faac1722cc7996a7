/*
 * What the broker word-count benches share: the engine's side of the run (a warmed-up word count
 * with 1 s batches over the broker's stream, timed per batch), the watchdog that fails a stalled
 * run, and the statistics.
 */
import { performance } from "node:perf_hooks";
import {
  BatchContext,
  type BatchInfo,
  type ReceiverInputDStream,
  Seconds,
  StreamingContext,
} from "../engine";
import { makeLines } from "./lines";

const VERBOSE = process.env.BENCH_VERBOSE === "1";

/**
 * Rejects when `progress()` has not changed for 15 s (a stalled reader must fail the run, saying
 * where it stood, rather than hang it); `stop()` ends the watch.
 */
export function watchdog(
  what: string,
  total: number,
  progress: () => number,
): { stalled: Promise<never>; stop: () => void } {
  let last = -1;
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const now = progress();
      if (now === last) reject(new Error(`${what} stalled at ${now} of ${total} messages for 15 s`));
      last = now;
    }, 15_000);
  });
  stalled.catch(() => {});
  return { stalled, stop: () => clearInterval(timer) };
}

/** Medians of the full 1 s periods (leaving out the first and the last, which are partial). */
export function medianOfFull(perPeriod: number[]): number {
  const full = perPeriod.slice(1, -1).sort((a, b) => a - b);
  if (full.length === 0) return Number.NaN;
  return full[Math.floor(full.length / 2)]!;
}

/** The plain loops' word count. */
export function countWords(counts: Map<string, number>, line: string): void {
  for (const w of line.split(" ")) counts.set(w, (counts.get(w) ?? 0) + 1);
}

/** The engine's word count over `makeStream`'s records until `messages` were processed. */
export async function runEngineWordcount<R>(
  name: string,
  messages: number,
  makeStream: (ssc: StreamingContext) => ReceiverInputDStream<R>,
  text: (record: R) => string,
): Promise<{ median: number; drain: number; processing: number[] }> {
  const sc = new BatchContext({ appName: `${name}-wordcount`, parallelism: 2 });
  // Warm-up, unmeasured: the process's first jobs compile the pipeline (JIT), which would land
  // on the first batches; the plain loop, much smaller, warms up within its first second.
  const warm = makeLines(20_000);
  for (let i = 0; i < 5; i++) {
    sc.parallelize(warm, 2)
      .flatMap((l) => l.split(" "))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .collect();
  }
  const ssc = new StreamingContext(sc, Seconds(1), { logErrors: true });
  const stream = makeStream(ssc);
  stream
    .flatMap((r) => text(r).split(" "))
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      rdd.collect();
    });
  const batches: BatchInfo[] = [];
  let processed = 0;
  const allProcessed = new Promise<void>((resolve) => {
    ssc.addStreamingListener({
      onBatchCompleted: (b) => {
        batches.push(b);
        if (VERBOSE) {
          const blocks = (b.streamIdToInputInfo.get(stream.inputId)?.metadata as { blocks?: unknown[] })
            ?.blocks;
          console.error(
            `batch ${batches.length}: ${b.numRecords} records in ${blocks?.length ?? 0} blocks, processing ` +
              `${b.processingDelay} ms, scheduling ${b.schedulingDelay} ms`,
          );
        }
        processed += b.numRecords;
        if (processed >= messages) resolve();
      },
    });
  });
  const started = performance.now();
  let stored = 0;
  const poll = setInterval(() => {
    if (!stored && stream.receiverInfo.recordsStored >= messages) stored = performance.now();
  }, 5);
  ssc.start();
  const watch = watchdog("engine", messages, () => processed + stream.receiverInfo.recordsStored);
  try {
    await Promise.race([allProcessed, watch.stalled]);
  } finally {
    watch.stop();
  }
  clearInterval(poll);
  await ssc.stop();
  const withRecords = batches.map((b) => b.numRecords);
  // From the first batch with records: the ones before waited for the connection.
  const first = withRecords.findIndex((r) => r > 0);
  return {
    median: medianOfFull(withRecords.slice(first)),
    drain: (messages / ((stored || performance.now()) - started)) * 1000,
    processing: batches.slice(first).map((b) => b.processingDelay ?? 0),
  };
}
