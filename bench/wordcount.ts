/**
 * Word count and grep over 100-byte lines fed from memory in 1 s batches, beside a hand-written
 * single loop over the same lines (the limit of one thread) and the same work in RxJS. The engine
 * runs twice: with its worker pool (BENCH_WORKERS threads, default one per core: the batch's map
 * tasks run there while the main thread only sends them their records) and on one thread
 * (`workers: 0`).
 *
 * Each batch holds what arrives in one second at the offered rate; a ManualClock triggers the
 * batches back to back and the wall time of each batch's processing is measured. The engine
 * sustains the rate if a batch is processed in under the 1 s interval; records/s is
 * records per batch / processing time.
 *
 * Run: npm run bench            (BENCH_LINES=1000000 BENCH_BATCHES=5 to change the size)
 */
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { from, lastValueFrom, mergeMap, filter as rxFilter, reduce as rxReduce } from "rxjs";
import { BatchContext, ManualClock, type RDD, Seconds, StreamingContext } from "../engine";
import { makeLines } from "./lines";

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? os.availableParallelism());
const PATTERN = "ab";

type Workload = "wordcount" | "grep";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function runEngine(
  workload: Workload,
  batches: string[][],
  workers: number,
): Promise<{ times: number[]; check: number }> {
  const sc = new BatchContext({ appName: "bench", parallelism: 2, workers });
  const stats = () => sc.executorStats;
  const clock = new ManualClock();
  const ssc = new StreamingContext(sc, Seconds(1), { clock });
  const queue: RDD<string>[] = batches.map((b) => sc.parallelize(b, 2));
  const lines = ssc.queueStream(queue);
  let check = 0;
  if (workload === "wordcount") {
    lines
      .flatMap((l) => l.split(" "))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .foreachRDD((rdd) => {
        check = rdd.collect().length;
      });
  } else {
    lines
      .filter((l) => l.includes(PATTERN))
      .count()
      .foreachRDD((rdd) => {
        check = rdd.collect()[0]!;
      });
  }
  const times: number[] = [];
  let started = 0;
  ssc.addStreamingListener({
    onBatchStarted: () => {
      started = performance.now();
    },
    onBatchCompleted: () => {
      times.push(performance.now() - started);
    },
  });
  ssc.start();
  await clock.advance(Seconds(batches.length));
  const executor = stats();
  await ssc.stop({ stopBatchContext: true });
  if (process.env.BENCH_VERBOSE)
    console.error(workload, workers, times.map(Math.round), executor?.tasksOnWorkers);
  return { times, check };
}

function runLoop(workload: Workload, batches: string[][]): { times: number[]; check: number } {
  const times: number[] = [];
  let check = 0;
  for (const lines of batches) {
    const t0 = performance.now();
    if (workload === "wordcount") {
      const counts = new Map<string, number>();
      for (const line of lines) for (const w of line.split(" ")) counts.set(w, (counts.get(w) ?? 0) + 1);
      check = counts.size;
    } else {
      let n = 0;
      for (const line of lines) if (line.includes(PATTERN)) n++;
      check = n;
    }
    times.push(performance.now() - t0);
  }
  return { times, check };
}

async function runRx(workload: Workload, batches: string[][]): Promise<{ times: number[]; check: number }> {
  const times: number[] = [];
  let check = 0;
  for (const lines of batches) {
    const t0 = performance.now();
    if (workload === "wordcount") {
      const counts = await lastValueFrom(
        from(lines).pipe(
          mergeMap((l) => l.split(" ")),
          rxReduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>()),
        ),
      );
      check = counts.size;
    } else {
      check = await lastValueFrom(
        from(lines).pipe(
          rxFilter((l) => l.includes(PATTERN)),
          rxReduce((n) => n + 1, 0),
        ),
      );
    }
    times.push(performance.now() - t0);
  }
  return { times, check };
}

async function main() {
  console.log(
    `# word count and grep, ${BATCHES} batches of ${LINES.toLocaleString()} 100-byte lines (1 s batches)`,
  );
  console.log(`node ${process.version}, ${os.availableParallelism()} cores\n`);
  const batches = Array.from({ length: BATCHES }, (_, i) => makeLines(LINES, 100, i + 1));
  const rows: string[] = [];
  const results: Record<string, unknown> = {};
  for (const workload of ["wordcount", "grep"] as Workload[]) {
    runLoop(workload, batches.slice(0, 1)); // warm-up
    await runEngine(workload, batches.slice(0, 1), 0);
    await runEngine(workload, batches.slice(0, 1), WORKERS);
    await runRx(workload, batches.slice(0, 1));
    const loop = runLoop(workload, batches);
    const engine = await runEngine(workload, batches, 0);
    const parallel = await runEngine(workload, batches, WORKERS);
    const rx = await runRx(workload, batches);
    for (const [name, r] of [
      ["engine", engine],
      ["engine with workers", parallel],
      ["rxjs", rx],
    ] as const) {
      if (r.check !== loop.check)
        throw new Error(`${workload}: ${name} result ${r.check} != loop ${loop.check}`);
    }
    const [e, p, l, x] = [median(engine.times), median(parallel.times), median(loop.times), median(rx.times)];
    const rate = (ms: number) => Math.round((LINES / ms) * 1000);
    const cell = (ms: number) => `${ms.toFixed(0)} ms | ${rate(ms).toLocaleString()}`;
    rows.push(`| ${workload} | ${cell(e)} | ${cell(p)} | ${cell(l)} | ${cell(x)} | ${(e / p).toFixed(2)}x |`);
    results[workload] = {
      engineMs: e,
      engineWorkersMs: p,
      loopMs: l,
      rxjsMs: x,
      engineRecordsPerSec: rate(e),
      engineWorkersRecordsPerSec: rate(p),
      loopRecordsPerSec: rate(l),
      rxjsRecordsPerSec: rate(x),
    };
  }
  const threads = `engine, ${WORKERS} worker${WORKERS === 1 ? "" : "s"}`;
  console.log(
    `| workload | engine, one thread: batch | records/s | ${threads}: batch | records/s | loop: batch | records/s | rxjs: batch | records/s | workers vs one thread |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
  console.log(`\n${JSON.stringify(results)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
