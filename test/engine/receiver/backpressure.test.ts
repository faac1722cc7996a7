import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as readline from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { BatchContext, type BatchInfo, Milliseconds, StreamingContext } from "../../../engine";
import { until } from "../../helpers/until";

// Real time on purpose: backpressure is about how long batches really take. Nothing waits for a
// batch by sleeping; the test waits for the listener to have seen enough batches.

const BATCH_MS = 200;
/** Wall time each record costs the pipeline: it keeps up with 1 / 100 µs = 10,000 records/s. */
const COST_MS = 0.1;
const CAPACITY_PER_S = 1000 / COST_MS;
const OFFERED_PER_S = 5 * CAPACITY_PER_S;

let writer: ChildProcess | undefined;
afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  writer?.kill();
});

/** Starts the paced line server in its own process; resolves with its port and its later report. */
async function startWriter(linesPerSecond: number) {
  const script = path.join(__dirname, "../../fixtures/pacedLineServer.mjs");
  writer = spawn(process.execPath, [script, String(linesPerSecond)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: writer.stdout! });
  const messages: Record<string, number>[] = [];
  lines.on("line", (l) => messages.push(JSON.parse(l)));
  await until(() => messages.length > 0, "the line server's port");
  return { port: messages[0]!.port!, report: () => messages[1] };
}

function slow(line: string): number {
  const end = performance.now() + COST_MS;
  while (performance.now() < end) {
    // busy: a pipeline that keeps up with CAPACITY_PER_S records per second
  }
  return line.length;
}

describe("backpressure: a TCP source offering 5x what the pipeline keeps up with", () => {
  it("brings processing under the batch interval within 10 batches and keeps what is buffered bounded", async () => {
    const { port, report } = await startWriter(OFFERED_PER_S);
    // A low initial rate, as Spark's guide advises: without one the first batches take whatever
    // the source has sent (megabytes) before the first estimate.
    const ssc = new StreamingContext(new BatchContext({ parallelism: 2 }), Milliseconds(BATCH_MS), {
      backpressure: { initialRate: 1000 },
      logErrors: false,
    });
    const stream = ssc.socketTextStream("127.0.0.1", port);
    stream
      .map(slow)
      .count()
      .foreachRDD((rdd) => {
        rdd.collect();
      });
    const batches: { info: BatchInfo; buffered: number; heapMb: number }[] = [];
    ssc.addStreamingListener({
      onBatchCompleted: (info) =>
        batches.push({
          info,
          buffered: stream.supervisor.bufferedRecords,
          heapMb: process.memoryUsage().heapUsed / 2 ** 20,
        }),
    });
    ssc.start();
    await until(() => batches.length >= 35, "35 batches", 60_000);
    await ssc.stop();
    await until(() => report() !== undefined, "the line server's report");

    const settled = batches.slice(10);
    const processing = settled.map((b) => b.info.processingDelay!);
    const scheduling = settled.map((b) => b.info.schedulingDelay!);
    const records = settled.map((b) => b.info.numRecords);
    const buffered = settled.map((b) => b.buffered);
    const heap = settled.map((b) => b.heapMb);
    // What the closing note quotes (visible with --reporter=verbose or in the JSON report).
    console.log(
      JSON.stringify({
        processingMs: processing,
        schedulingMs: scheduling,
        records,
        buffered,
        rateLimit: stream.receiverInfo.rateLimit,
        heapMb: [Math.min(...heap), Math.max(...heap)].map((x) => Math.round(x)),
        source: report(),
      }),
    );
    // Settled at 90% of the interval (targetUtilization), so batches end before the next is due;
    // a garbage collection or a busy machine can still stretch one now and then.
    const sorted = [...processing].sort((a, b) => a - b);
    expect(sorted[Math.floor(0.9 * sorted.length)]).toBeLessThan(BATCH_MS);
    expect(Math.max(...processing)).toBeLessThan(1.5 * BATCH_MS);
    expect(Math.max(...scheduling)).toBeLessThan(BATCH_MS); // no backlog builds up
    // Data keeps flowing at about what the pipeline can do, not a trickle.
    expect(records.reduce((a, b) => a + b, 0) / settled.length).toBeGreaterThan(
      0.3 * CAPACITY_PER_S * (BATCH_MS / 1000),
    );
    // Bounded: what the batch being filled holds (a batch at the rate) plus what waits for the rate
    // limiter (its high-water mark, a block interval at the rate) plus one 64 KiB socket read
    // (~650 lines) — about two batches' worth at the pipeline's rate, while the source wanted to
    // send 5x that; the rest never left it (TCP flow control).
    expect(Math.max(...buffered)).toBeLessThan(2 * CAPACITY_PER_S * (BATCH_MS / 1000) + 700);
    expect(report()!.written).toBeLessThan(0.5 * report()!.offered);
    expect(Math.max(...heap) - Math.min(...heap)).toBeLessThan(50);
  }, 90_000);
});
