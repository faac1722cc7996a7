/**
 * End-to-end delay of small batches in real time: a generator stream at a fixed rate, cut into
 * 100 ms batches by the system clock, through a windowed word count. Reports, per rate, the
 * median and 99th-percentile processing time, scheduling delay and total delay (batch time to
 * end of its last output), as Spark's Streaming tab does.
 *
 * Run: node --import tsx bench/latency.ts   (BENCH_SECONDS=10 BENCH_RATES=10000,100000)
 */
import { BatchContext, type BatchInfo, Milliseconds, Seconds, StreamingContext } from "../engine";
import { makeLines } from "./lines";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATES = (process.env.BENCH_RATES ?? "10000,100000,200000").split(",").map(Number);
const BATCH = Milliseconds(100);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function run(rate: number): Promise<string> {
  const perBatch = Math.round((rate * BATCH.milliseconds) / 1000);
  const pool = makeLines(perBatch * 10, 100, 3);
  const sc = new BatchContext({ appName: "latency", parallelism: 2 });
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
  ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b) });
  ssc.start();
  await ssc.awaitTerminationOrTimeout(SECONDS * 1000);
  await ssc.stop();
  const steady = infos.slice(Math.floor(infos.length / 5)); // skip warm-up
  const col = (f: (b: BatchInfo) => number | undefined) => steady.map((b) => f(b) ?? 0);
  const processing = col((b) => b.processingDelay);
  const scheduling = col((b) => b.schedulingDelay);
  const total = steady.map((b) => (b.processingEndTime ?? 0) - b.batchTime.milliseconds);
  const fmt = (xs: number[]) => `${percentile(xs, 50).toFixed(0)} / ${percentile(xs, 99).toFixed(0)} ms`;
  return `| ${rate.toLocaleString()} | ${infos.length} | ${fmt(processing)} | ${fmt(scheduling)} | ${fmt(total)} |`;
}

async function main() {
  console.log(`# 100 ms batches, windowed word count (1 s window), ${SECONDS} s per rate, system clock\n`);
  console.log(
    "| lines/s | batches | processing p50 / p99 | scheduling delay p50 / p99 | total delay p50 / p99 |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  for (const rate of RATES) console.log(await run(rate));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
