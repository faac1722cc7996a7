/**
 * End-to-end latency from a real TCP socket: a writer process (bench/lineWriter.ts) sends 100-byte
 * lines at a fixed pace (default 100,000 lines/s, written every millisecond), and every 100th line
 * starts with the word `@<send time>`. The engine reads them with `ssc.socketTextStream` in 100 ms
 * batches on the system clock and counts words (flatMap split → map [w, 1] → reduceByKey); each
 * batch's counts are collected in foreachRDD, and for every marker word among them the latency is
 * the time from the line being written to its count being there to print.
 *
 * Both processes read `performance.timeOrigin + performance.now()`; the offset between their
 * clocks is estimated from the fastest of 50 IPC round trips (its error is at most half that round
 * trip, printed with the results).
 *
 * Reports the latency p50 / p99 / max over the run (the first BENCH_WARMUP seconds skipped), and
 * the batches' processing time and scheduling delay p50 / p99, as Spark's Streaming tab does.
 *
 * Run: node --import tsx bench/socketLatency.ts
 *   BENCH_SECONDS=10   seconds measured (default 10)   BENCH_WARMUP=2   seconds skipped first
 *   BENCH_RATE=100000  lines/s written                  BENCH_MARK_EVERY=100   lines per marker
 *   BENCH_BATCH_MS=100 batch interval                   BENCH_SOURCE=socketTextStream|minimal (see socketWordcount.ts)
 */
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import {
  BatchContext,
  type BatchInfo,
  Milliseconds,
  type ReceiverInputDStream,
  StreamingContext,
} from "../engine";
import { startLineWriter } from "./lineWriterProcess";
import { MinimalSocketReceiver } from "./minimalSocketReceiver";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const RATE = Number(process.env.BENCH_RATE ?? 100_000);
const MARK_EVERY = Number(process.env.BENCH_MARK_EVERY ?? 100);
const BATCH_MS = Number(process.env.BENCH_BATCH_MS ?? 100);
const SOURCE = process.env.BENCH_SOURCE ?? "socketTextStream";
const HOST = "127.0.0.1";

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function main() {
  const writer = await startLineWriter();
  try {
    const { offset, rtt } = await writer.clockOffset();
    const now = () => performance.timeOrigin + performance.now();
    writer.paced(RATE, MARK_EVERY);
    const sc = new BatchContext({ appName: "socket-latency", parallelism: 2 });
    const ssc = new StreamingContext(sc, Milliseconds(BATCH_MS));
    const lines: ReceiverInputDStream<string> =
      SOURCE === "minimal"
        ? ssc.receiverStream(new MinimalSocketReceiver(HOST, writer.port))
        : ssc.socketTextStream(HOST, writer.port);
    const started = now();
    const latencies: number[] = [];
    let markers = 0;
    lines
      .flatMap((l) => l.split(" "))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .foreachRDD((rdd) => {
        const counts = rdd.collect();
        const printed = now();
        for (const [word, n] of counts) {
          if (word.charCodeAt(0) !== 64 /* @ */) continue;
          // Markers written in the same millisecond share a word: n of them.
          markers += n;
          const sent = Number(word.slice(1)) - offset; // on this process's clock
          if (sent - started >= WARMUP * 1000) for (let i = 0; i < n; i++) latencies.push(printed - sent);
        }
      });
    const infos: BatchInfo[] = [];
    ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b) });
    const closed = writer.nextClosed();
    ssc.start();
    await ssc.awaitTerminationOrTimeout((WARMUP + SECONDS) * 1000);
    await ssc.stop({ stopBatchContext: true });
    const { lines: written, seconds } = await closed;
    const failures = infos.flatMap((b) => b.failures);
    if (failures.length > 0) throw new Error(failures[0]);
    const sentMarkers = Math.ceil(written / MARK_EVERY);
    const steady = infos.slice(Math.ceil((WARMUP * 1000) / BATCH_MS));
    const processing = steady.map((b) => b.processingDelay ?? Number.NaN);
    const scheduling = steady.map((b) => b.schedulingDelay ?? Number.NaN);
    const records = steady.reduce((n, b) => n + b.numRecords, 0);
    const ms = (xs: number[], p: number) => percentile(xs, p).toFixed(1);
    console.log(
      `# end-to-end latency from a TCP socket: ${RATE.toLocaleString()} lines/s written, ${BATCH_MS} ms batches, ` +
        `word count, ${SECONDS} s after ${WARMUP} s of warm-up (${SOURCE})`,
    );
    console.log(
      `node ${process.version}, ${cpus().length} cores; clock offset between the processes ${offset.toFixed(3)} ms (± ${(rtt / 2).toFixed(3)} ms)\n`,
    );
    console.log(
      "| lines/s written | lines/s received | batches | latency p50 / p99 / max | processing p50 / p99 | scheduling delay p50 / p99 | markers counted / sent |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    console.log(
      `| ${Math.round(written / seconds).toLocaleString()} | ${Math.round((records / (steady.length * BATCH_MS)) * 1000).toLocaleString()} | ` +
        `${steady.length} | ${ms(latencies, 50)} / ${ms(latencies, 99)} / ${Math.max(...latencies).toFixed(1)} ms | ` +
        `${ms(processing, 50)} / ${ms(processing, 99)} ms | ${ms(scheduling, 50)} / ${ms(scheduling, 99)} ms | ` +
        `${markers.toLocaleString()} / ${sentMarkers.toLocaleString()} |`,
    );
    console.log(
      `\n${JSON.stringify({
        rate: RATE,
        batchMs: BATCH_MS,
        source: SOURCE,
        samples: latencies.length,
        latencyP50: percentile(latencies, 50),
        latencyP99: percentile(latencies, 99),
        latencyMax: Math.max(...latencies),
        processingP50: percentile(processing, 50),
        processingP99: percentile(processing, 99),
        schedulingP50: percentile(scheduling, 50),
        schedulingP99: percentile(scheduling, 99),
        markersCounted: markers,
        markersSent: sentMarkers,
        clockOffsetMs: offset,
        clockOffsetErrorMs: rtt / 2,
      })}`,
    );
  } finally {
    await writer.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
