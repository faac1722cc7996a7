/**
 * How fast the notebook answers while a stream runs: the round trip of an execute_request of
 * `1 + 1` (send → execute_reply) to the real kernel over ZeroMQ, first idle, then while a cell's
 * stream word-counts 100,000 lines/s (100-byte lines) with a 1 s windowed count and a live chart,
 * at 100 ms and at 1 s batches. Goal (issue 3): under 200 ms.
 *
 * Run: node --import tsx bench/kernelLatency.ts   (BENCH_SECONDS=10 BENCH_RATE=100000)
 */
import * as path from "node:path";
import { KernelClient } from "../test/helpers/KernelClient";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 100_000);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function roundTrips(kernel: KernelClient, seconds: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = performance.now();
    const reply = await kernel.request("shell", "execute_request", { code: "1 + 1", silent: false });
    times.push(performance.now() - t0);
    if (reply.content.status !== "ok") throw new Error(`1 + 1 failed: ${JSON.stringify(reply.content)}`);
    // Ask at random moments relative to the batches, as a person typing would.
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 80));
  }
  return times;
}

function streamCell(batchMs: number, partitions: number): string {
  const perBatch = Math.round((RATE * batchMs) / 1000);
  const lines = path.join(__dirname, "lines");
  return `
import { makeLines } from ${JSON.stringify(lines)};
const pool = makeLines(${perBatch} * 10, 100, 3);
const ssc = streamingContext(Milliseconds(${batchMs}));
const lines = ssc.generatorStream((_t, i) => pool.slice((i % 10) * ${perBatch}, (i % 10 + 1) * ${perBatch}), ${partitions});
const pairs = lines.flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number]);
pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(1), Milliseconds(${batchMs})).foreachRDD((rdd) => { rdd.count(); });
plot(lines.count(), { title: "lines per batch" });
const delays: number[] = [];
ssc.addStreamingListener({ onBatchCompleted: (b) => { delays.push(b.processingDelay ?? 0); } });
ssc.start();
`;
}

async function main() {
  const kernel = await KernelClient.start();
  try {
    console.log(
      `# execute_request "1 + 1" round trip, ${SECONDS} s per row; stream: ${RATE.toLocaleString()} lines/s\n`,
    );
    console.log("| stream | requests | p50 | p99 | max | batch processing p50 / p99 |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    const row = (name: string, t: number[], processing = "") =>
      console.log(
        `| ${name} | ${t.length} | ${percentile(t, 50).toFixed(1)} ms | ${percentile(t, 99).toFixed(1)} ms | ${Math.max(...t).toFixed(1)} ms | ${processing} |`,
      );
    await roundTrips(kernel, 1); // warm-up
    row("none (idle kernel)", await roundTrips(kernel, SECONDS));
    // Partitions are the slices the scheduler runs between event-loop turns (computeMapStages):
    // the session's default of 8, and 2 (one per core, Spark's local[*] default).
    for (const [batchMs, partitions] of [
      [100, 8],
      [1000, 8],
      [1000, 2],
    ] as const) {
      const started = await kernel.execute(streamCell(batchMs, partitions));
      if (started.reply.content.status !== "ok") throw new Error(JSON.stringify(started.reply.content));
      await new Promise((r) => setTimeout(r, 2 * batchMs + 500)); // let the first batches go by
      const t = await roundTrips(kernel, SECONDS);
      const d = await kernel.execute('delays.slice(2).join(" ")');
      const result = d.outputs.find((m) => m.header.msg_type === "execute_result");
      const text = String((result?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);
      const delays = (text.match(/\d+/g) ?? []).map(Number);
      const processing = `${percentile(delays, 50)} / ${percentile(delays, 99)} ms`;
      row(`${(batchMs / 1000).toString()} s batches, ${partitions} partitions`, t, processing);
      await kernel.execute("await ssc.stop()");
    }
  } finally {
    await kernel.shutdown();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
