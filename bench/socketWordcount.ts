/**
 * Word count end to end from a real TCP socket, beside the same pipeline in RxJS and in plain
 * Node streams, in one run and all reading from the same writer process (bench/lineWriter.ts):
 * 100-byte lines written as fast as the reader takes them (TCP flow control), 1 s batches on the
 * system clock. Each pipeline gets a fresh connection and BENCH_SECONDS; the first BENCH_WARMUP
 * seconds are skipped.
 *
 * - engine: `ssc.socketTextStream` → flatMap(split) → map([w, 1]) → reduceByKey, collected in
 *   foreachRDD, with backpressure on (initialRate BENCH_INITIAL_RATE), so the receiver's rate
 *   settles where the pipeline keeps up. Records/s sustained is the median of the steady batches'
 *   records (and their mean: batches may alternate big and small), beside their processing time
 *   and scheduling delay.
 * - engine, main + workers: the same, with `new BatchContext({ parallelism: 2, workers })`.
 * - rxjs: the socket's lines (fromEvent → LineSplitter) → bufferTime(1000) → words counted per
 *   buffer into a Map. Lines/s is each buffer's lines over the time since the previous buffer
 *   (median); its "processing" is the time to count a buffer, its delay how late the buffer came.
 * - node streams: socket.pipe(Transform splitting lines with LineSplitter, one array of lines per
 *   chunk).pipe(Writable counting words into a Map), the counts emitted every second. It counts
 *   as lines arrive and pipe() applies flow control; its "processing" is the time spent splitting
 *   and counting in each second, its delay how late the per-second result came.
 *
 * All three split lines with the engine's LineSplitter (one decode and split per chunk), so the
 * splitting costs the same. A pipeline kept up if every steady period was processed in under the
 * interval and no result came an interval or more late (nothing piles up). Beside the rates: the
 * share of time the main thread was busy (idle time is capacity left unused) and the CPU time of
 * the whole process per record (all threads: the engine's worker, the garbage collector).
 *
 * The reader and the writer share the machine's cores (the writer costs little: it writes one
 * pre-built buffer), as do the engine's worker and main thread: numbers are for the machine, not
 * per core.
 *
 * Run: node --import tsx bench/socketWordcount.ts
 *   BENCH_SECONDS=20   seconds per pipeline            BENCH_WARMUP=5   seconds skipped first
 *   BENCH_WORKERS=1    worker threads of the engine's second variant (0: skip it)
 *   BENCH_ONLY=engine,engine-workers,rxjs,node-streams   which pipelines run
 *   BENCH_INITIAL_RATE=200000   backpressure's initial rate; BENCH_BACKPRESSURE=0 turns it off
 *   BENCH_TARGET_UTILIZATION=0.9 backpressure's targetUtilization (1: Spark's PID exactly)
 *   BENCH_SOURCE=minimal   the engine reads through bench/minimalSocketReceiver.ts instead
 *   BENCH_VERBOSE=1    every batch / buffer / second on stderr
 */
import * as net from "node:net";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { Transform, Writable } from "node:stream";
import { bufferTime, fromEvent, mergeMap } from "rxjs";
import {
  BatchContext,
  type BatchInfo,
  LineSplitter,
  type ReceiverInputDStream,
  Seconds,
  StreamingContext,
} from "../engine";
import { type LineWriter, startLineWriter } from "./lineWriterProcess";
import { MinimalSocketReceiver } from "./minimalSocketReceiver";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ONLY = (process.env.BENCH_ONLY ?? "engine,engine-workers,rxjs,node-streams").split(",");
const INITIAL_RATE = Number(process.env.BENCH_INITIAL_RATE ?? 200_000);
const BACKPRESSURE = process.env.BENCH_BACKPRESSURE !== "0";
const TARGET_UTILIZATION = Number(process.env.BENCH_TARGET_UTILIZATION ?? 0.9);
const SOURCE = process.env.BENCH_SOURCE ?? "socketTextStream";
const VERBOSE = process.env.BENCH_VERBOSE === "1";
const HOST = "127.0.0.1";
const INTERVAL_MS = 1000;

/** One batch (engine), buffer (rxjs) or second (node streams). */
interface Period {
  /** When it began, in ms since the pipeline started. */
  startMs: number;
  records: number;
  /** Records per second of wall time over this period. */
  rate: number;
  processingMs: number;
  /** Engine: scheduling delay; rxjs and node streams: how late the period's result came. */
  delayMs: number;
}

interface Result {
  name: string;
  periods: Period[];
  /** Lines the writer wrote on this pipeline's connection. */
  written: number;
  /** Words counted over all periods (the sum of the counts), to check the pipeline counted words. */
  words: number;
  note: string;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The peers' word count: split on " ", one Map entry per word. Returns the words counted. */
function countWords(lines: readonly string[], counts: Map<string, number>): number {
  let words = 0;
  for (const line of lines) {
    const split = line.split(" ");
    words += split.length;
    for (const w of split) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return words;
}

async function runEngine(writer: LineWriter, workers: number): Promise<Result> {
  writer.flood();
  const closed = writer.nextClosed();
  const sc = new BatchContext({ appName: "socket-wordcount", parallelism: 2, workers });
  const ssc = new StreamingContext(sc, Seconds(1), {
    backpressure: BACKPRESSURE && { initialRate: INITIAL_RATE, targetUtilization: TARGET_UTILIZATION },
  });
  const lines: ReceiverInputDStream<string> =
    SOURCE === "minimal"
      ? ssc.receiverStream(new MinimalSocketReceiver(HOST, writer.port))
      : ssc.socketTextStream(HOST, writer.port);
  let words = 0;
  lines
    .flatMap((l) => l.split(" "))
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      for (const [, n] of rdd.collect()) words += n;
    });
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({
    onBatchCompleted: (b) => {
      infos.push(b);
      if (!VERBOSE) return;
      const r = lines.receiverInfo;
      console.error(
        `batch ${infos.length}: ${b.numRecords} records, processing ${b.processingDelay} ms, scheduling ` +
          `${b.schedulingDelay} ms, rate ${Math.round(r.rateLimit ?? 0)}/s, buffered ${lines.supervisor.bufferedRecords}`,
      );
    },
  });
  const startedAt = Date.now(); // the clock the batches run on
  ssc.start();
  await ssc.awaitTerminationOrTimeout(SECONDS * 1000);
  const rateLimit = lines.receiverInfo.rateLimit;
  const stats = sc.executorStats;
  await ssc.stop({ stopBatchContext: true });
  const { lines: written } = await closed;
  const failures = infos.flatMap((b) => b.failures);
  if (failures.length > 0) throw new Error(`engine: ${failures[0]}`);
  const shipped = stats
    ? `; map tasks on workers ${stats.tasksOnWorkers}, on main ${stats.tasksOnMainThread}`
    : "";
  const rateNote = rateLimit === undefined ? "none" : `${Math.round(rateLimit).toLocaleString()}/s`;
  return {
    name: workers > 0 ? `engine, main + ${workers} worker${workers === 1 ? "" : "s"}` : "engine",
    periods: infos.map((b) => ({
      startMs: b.batchTime.milliseconds - INTERVAL_MS - startedAt,
      records: b.numRecords,
      rate: (b.numRecords / INTERVAL_MS) * 1000,
      processingMs: b.processingDelay ?? Number.NaN,
      delayMs: b.schedulingDelay ?? Number.NaN,
    })),
    written,
    words,
    note: `${SOURCE}; backpressure's rate at the end ${rateNote}${shipped}`,
  };
}

async function runRx(writer: LineWriter): Promise<Result> {
  writer.flood();
  const closed = writer.nextClosed();
  const socket = net.connect(writer.port, HOST);
  const splitter = new LineSplitter();
  const periods: Period[] = [];
  let words = 0;
  const startedAt = performance.now();
  let previous = startedAt;
  const subscription = fromEvent<Buffer>(socket, "data")
    .pipe(
      mergeMap((chunk) => splitter.push(chunk)),
      bufferTime(INTERVAL_MS),
    )
    .subscribe((lines) => {
      const start = performance.now();
      words += countWords(lines, new Map());
      periods.push({
        startMs: previous - startedAt,
        records: lines.length,
        rate: (lines.length / (start - previous)) * 1000,
        processingMs: performance.now() - start,
        delayMs: start - previous - INTERVAL_MS,
      });
      previous = start;
    });
  await sleep(SECONDS * 1000);
  subscription.unsubscribe();
  socket.destroy();
  const { lines: written } = await closed;
  return { name: "rxjs (bufferTime)", periods, written, words, note: "no flow control: reads all it can" };
}

async function runNodeStreams(writer: LineWriter): Promise<Result> {
  writer.flood();
  const closed = writer.nextClosed();
  const socket = net.connect(writer.port, HOST);
  const splitter = new LineSplitter();
  const periods: Period[] = [];
  let counts = new Map<string, number>();
  let lines = 0;
  let words = 0;
  let busy = 0;
  const split = new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, callback) {
      const start = performance.now();
      const out = splitter.push(chunk);
      busy += performance.now() - start;
      callback(null, out.length > 0 ? out : undefined);
    },
  });
  const count = new Writable({
    objectMode: true,
    write(batch: string[], _encoding, callback) {
      const start = performance.now();
      words += countWords(batch, counts);
      lines += batch.length;
      busy += performance.now() - start;
      callback();
    },
  });
  socket.pipe(split).pipe(count);
  const startedAt = performance.now();
  let previous = startedAt;
  const timer = setInterval(() => {
    const now = performance.now();
    counts = new Map(); // the second's counts are the result; a new second starts
    periods.push({
      startMs: previous - startedAt,
      records: lines,
      rate: (lines / (now - previous)) * 1000,
      processingMs: busy,
      delayMs: now - (startedAt + (periods.length + 1) * INTERVAL_MS),
    });
    lines = 0;
    busy = 0;
    previous = now;
  }, INTERVAL_MS);
  await sleep(SECONDS * 1000);
  clearInterval(timer);
  socket.unpipe(split);
  socket.destroy();
  const { lines: written } = await closed;
  return { name: "node streams", periods, written, words, note: "pipe() flow control" };
}

/** What the process spent on a pipeline. */
interface Cost {
  /** CPU time of the whole process (all threads) per record counted, in µs. */
  cpuUsPerRecord: number;
  /** The share of the time the main thread's event loop was busy. */
  mainThreadBusy: number;
}

async function measured(run: () => Promise<Result>): Promise<[Result, Cost]> {
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const r = await run();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  const records = r.periods.reduce((n, p) => n + p.records, 0);
  return [r, { cpuUsPerRecord: (cpu.user + cpu.system) / records, mainThreadBusy: elu.utilization }];
}

function summarize(r: Result, cost: Cost) {
  if (VERBOSE) for (const p of r.periods) console.error(r.name, JSON.stringify(p));
  const counted = r.periods.reduce((n, p) => n + p.records, 0);
  if (counted === 0 || counted > r.written) {
    throw new Error(`${r.name}: counted ${counted} lines of the ${r.written} written`);
  }
  // 100-byte lines of 2- to 9-letter words hold about 16 words.
  if (!(r.words / counted > 10 && r.words / counted < 30)) {
    throw new Error(
      `${r.name}: ${r.words} words counted in ${counted} lines; the pipeline does not count words`,
    );
  }
  // The periods that began after the warm-up. A pipeline that fell behind stretches its periods
  // far past the interval and may have none: then all but its first.
  let steady = r.periods.filter((p) => p.startMs >= WARMUP * INTERVAL_MS);
  if (steady.length === 0) steady = r.periods.length > 1 ? r.periods.slice(1) : r.periods;
  const processing = steady.map((p) => p.processingMs);
  const delay = steady.map((p) => p.delayMs);
  return {
    name: r.name,
    recordsPerSecMean: Math.round(steady.reduce((n, p) => n + p.rate, 0) / steady.length),
    recordsPerSec: Math.round(
      percentile(
        steady.map((p) => p.rate),
        50,
      ),
    ),
    processingP50: percentile(processing, 50),
    processingP99: percentile(processing, 99),
    delayP50: percentile(delay, 50),
    delayP99: percentile(delay, 99),
    keptUp: Math.max(...processing) < INTERVAL_MS && Math.max(...delay) < INTERVAL_MS,
    steadyPeriods: steady.length,
    written: r.written,
    counted,
    ...cost,
    note: r.note,
  };
}

async function main() {
  console.log(
    "# word count from a TCP socket: 100-byte lines from a writer process as fast as they are read, " +
      `1 s batches, ${SECONDS} s per pipeline, the first ${WARMUP} s skipped`,
  );
  console.log(`node ${process.version}, ${cpus().length} cores\n`);
  const writer = await startLineWriter();
  const results: ReturnType<typeof summarize>[] = [];
  try {
    const runs: [string, () => Promise<Result>][] = [
      ["engine", () => runEngine(writer, 0)],
      ["engine-workers", () => runEngine(writer, WORKERS)],
      ["rxjs", () => runRx(writer)],
      ["node-streams", () => runNodeStreams(writer)],
    ];
    for (const [key, run] of runs) {
      if (!ONLY.includes(key) || (key === "engine-workers" && WORKERS === 0)) continue;
      results.push(summarize(...(await measured(run))));
    }
  } finally {
    await writer.stop();
  }
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  console.log(
    "| pipeline | records/s sustained: median (mean) | processing p50 / p99 | delay p50 / p99 (engine: scheduling; " +
      "peers: result lateness) | kept up | periods | main thread busy | CPU µs / record | notes |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.recordsPerSec.toLocaleString()} (${r.recordsPerSecMean.toLocaleString()}) | ${ms(r.processingP50)} / ${ms(r.processingP99)} | ` +
        `${ms(r.delayP50)} / ${ms(r.delayP99)} | ${r.keptUp ? "yes" : "no"} | ${r.steadyPeriods} | ` +
        `${(r.mainThreadBusy * 100).toFixed(0)}% | ${r.cpuUsPerRecord.toFixed(2)} | ${r.note} |`,
    );
  }
  console.log(`\n${JSON.stringify(Object.fromEntries(results.map((r) => [r.name, r])))}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
