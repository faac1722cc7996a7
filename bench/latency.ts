/**
 * End-to-end delay of small batches in real time: a generator stream at a fixed rate, cut into
 * 100 ms batches by the system clock, through a windowed word count. Reports, per rate, the
 * median and 99th-percentile processing time, scheduling delay and total delay (batch time to
 * end of its last output), as Spark's Streaming tab does — with the worker pool (one thread per
 * core, the default) and with `workers: 0`, in the same run. Then, for both, the highest rate
 * sustained: every one of 100 batches (after a warm-up) processed within the 100 ms interval.
 *
 * Run: node --import tsx bench/latency.ts   (BENCH_SECONDS=10 BENCH_RATES=10000,100000)
 */
import * as os from "node:os";
import { BatchContext, type BatchInfo, Milliseconds, Seconds, StreamingContext } from "../engine";
import { makeLines } from "./lines";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATES = (process.env.BENCH_RATES ?? "10000,100000,200000").split(",").map(Number);
const BATCH = Milliseconds(100);
/** Batches a sustained rate must keep within the interval, after WARM_UP batches. */
const SUSTAINED_BATCHES = 100;
const WARM_UP = 10;
const MODES = [
  { name: "pool", workers: os.availableParallelism() },
  { name: "workers: 0", workers: 0 },
];

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

/** Runs the stream at `rate` lines/s until `batches` batches completed (or `seconds` passed). */
async function run(rate: number, workers: number, batches: number): Promise<BatchInfo[]> {
  const perBatch = Math.round((rate * BATCH.milliseconds) / 1000);
  const pool = makeLines(perBatch * 10, 100, 3);
  const sc = new BatchContext({ appName: "latency", parallelism: 2, workers });
  const ssc = new StreamingContext(sc, BATCH);
  const lines = ssc.generatorStream((_t, i) => {
    const start = (i % 10) * perBatch;
    return pool.slice(start, start + perBatch);
  });
  lines
    .flatMap((l) => l.split(" "))
    .map((w) => [w, 1] as [string, number])
    .reduceByKeyAndWindow((a, b) => a + b, Seconds(1), BATCH)
    .foreachRDD((rdd) => {
      rdd.count();
    });
  const infos: BatchInfo[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  ssc.addStreamingListener({
    onBatchCompleted: (b) => {
      infos.push(b);
      // A batch over the interval already decides a sustained-rate run: stop early.
      if (infos.length >= batches || (batches > WARM_UP && overInterval(infos))) done();
    },
  });
  ssc.start();
  // Batches that fall behind queue up: give up after three times the run's length.
  const timeout = setTimeout(done, 3 * batches * BATCH.milliseconds + 5_000);
  await finished;
  clearTimeout(timeout);
  await ssc.stop({ stopBatchContext: true });
  return infos;
}

function overInterval(infos: BatchInfo[]): boolean {
  return infos.slice(WARM_UP).some((b) => (b.processingDelay ?? 0) > BATCH.milliseconds);
}

async function sustains(rate: number, workers: number): Promise<boolean> {
  const infos = await run(rate, workers, WARM_UP + SUSTAINED_BATCHES);
  return infos.length >= WARM_UP + SUSTAINED_BATCHES && !overInterval(infos);
}

/** The highest rate (to 10,000 lines/s) at which every batch kept within the interval. */
async function highestSustained(workers: number): Promise<number> {
  let ok = 0;
  let failed = 50_000;
  while (await sustains(failed, workers)) {
    ok = failed;
    failed *= 2;
  }
  while (failed - ok > 10_000) {
    const mid = Math.round((ok + failed) / 2 / 10_000) * 10_000;
    if (await sustains(mid, workers)) ok = mid;
    else failed = mid;
  }
  return ok;
}

async function main() {
  console.log(
    `# 100 ms batches, windowed word count (1 s window), ${SECONDS} s per rate, system clock; ` +
      `node ${process.version}, ${os.availableParallelism()} cores\n`,
  );
  console.log(
    "| executor | lines/s | batches | processing p50 / p99 | scheduling delay p50 / p99 | total delay p50 / p99 |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const rate of RATES) {
    for (const mode of MODES) {
      const infos = await run(rate, mode.workers, (SECONDS * 1000) / BATCH.milliseconds);
      const steady = infos.slice(Math.floor(infos.length / 5)); // skip warm-up
      const col = (f: (b: BatchInfo) => number | undefined) => steady.map((b) => f(b) ?? 0);
      const processing = col((b) => b.processingDelay);
      const scheduling = col((b) => b.schedulingDelay);
      const total = steady.map((b) => (b.processingEndTime ?? 0) - b.batchTime.milliseconds);
      const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(0)} / ${percentile(xs, 99).toFixed(0)} ms`;
      console.log(
        `| ${mode.name} | ${rate.toLocaleString()} | ${infos.length} | ${fmt(processing)} | ${fmt(scheduling)} | ${fmt(total)} |`,
      );
    }
  }
  console.log(
    `\n| executor | highest rate sustained (${SUSTAINED_BATCHES} batches of 100 ms, each processed in under 100 ms) |`,
  );
  console.log("| --- | --- |");
  for (const mode of MODES) {
    console.log(`| ${mode.name} | ${(await highestSustained(mode.workers)).toLocaleString()} lines/s |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
