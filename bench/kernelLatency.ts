/**
 * How fast the notebook answers while a stream runs: the round trip of an execute_request of
 * `1 + 1` (send → execute_reply) to the real kernel over ZeroMQ, first idle, then while a cell's
 * stream word-counts 100,000 lines/s (100-byte lines) with a 1 s windowed count and a live chart,
 * at 100 ms and at 1 s batches — once with the kernel's worker pool (the default) and once with
 * `DSTREAM_LAB_WORKERS=0`, in the same run. Goals: p99 under 50 ms with the pool, and batch
 * processing at least 1.5x lower than with everything on the kernel's thread.
 *
 * Run: node --import tsx bench/kernelLatency.ts   (BENCH_SECONDS=10 BENCH_RATE=100000)
 */
import * as os from "node:os";
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

/** The kernel with its worker pool (one thread per core, the default) and with everything on its thread. */
const MODES = [
  { name: "pool", workers: os.availableParallelism() },
  { name: "workers: 0", workers: 0 },
] as const;

async function measure(
  mode: (typeof MODES)[number],
): Promise<{ rows: string[]; processingP50: Map<number, number> }> {
  const kernel = await KernelClient.start({ env: { DSTREAM_LAB_WORKERS: String(mode.workers) } });
  const rows: string[] = [];
  const processingP50 = new Map<number, number>();
  const row = (name: string, t: number[], processing = "") =>
    rows.push(
      `| ${mode.name} | ${name} | ${t.length} | ${percentile(t, 50).toFixed(1)} ms | ${percentile(t, 99).toFixed(1)} ms | ${Math.max(...t).toFixed(1)} ms | ${processing} |`,
    );
  try {
    await roundTrips(kernel, 1); // warm-up
    row("none (idle kernel)", await roundTrips(kernel, SECONDS));
    // Partitions: the session's default of 8 (the slices the kernel's thread computes between
    // event-loop turns when a task stays there; with the pool, the tasks sent at once).
    for (const batchMs of [100, 1000]) {
      const started = await kernel.execute(streamCell(batchMs, 8));
      if (started.reply.content.status !== "ok") throw new Error(JSON.stringify(started.reply.content));
      await new Promise((r) => setTimeout(r, 2 * batchMs + 1000)); // let the first batches go by
      const t = await roundTrips(kernel, SECONDS);
      const d = await kernel.execute(
        'delays.slice(2).join(" ") + " | " + (sc.executorStats?.tasksOnWorkers ?? 0) + " " + (sc.executorStats?.tasksOnMainThread ?? 0)',
      );
      const result = d.outputs.find((m) => m.header.msg_type === "execute_result");
      const text = String((result?.content.data as Record<string, unknown> | undefined)?.["text/plain"]);
      const [delayText = "", taskText = ""] = text.replace(/'/g, "").split("|");
      const delays = (delayText.match(/\d+(\.\d+)?/g) ?? []).map(Number);
      const [onWorkers = 0, onMain = 0] = (taskText.match(/\d+/g) ?? []).map(Number);
      processingP50.set(batchMs, percentile(delays, 50));
      const processing = `${percentile(delays, 50)} / ${percentile(delays, 99)} ms (tasks: ${onWorkers} on workers, ${onMain} on the kernel's thread)`;
      row(`${(batchMs / 1000).toString()} s batches`, t, processing);
      await kernel.execute("await ssc.stop()");
    }
  } finally {
    await kernel.shutdown();
  }
  return { rows, processingP50 };
}

async function main() {
  console.log(
    `# execute_request "1 + 1" round trip, ${SECONDS} s per row; stream: ${RATE.toLocaleString()} lines/s, ` +
      `windowed word count and a live chart; node ${process.version}, ${os.availableParallelism()} cores\n`,
  );
  const results = [];
  for (const mode of MODES) results.push(await measure(mode));
  console.log("| executor | stream | requests | p50 | p99 | max | batch processing p50 / p99 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const r of results) for (const line of r.rows) console.log(line);
  const [pool, single] = results;
  for (const batchMs of [100, 1000]) {
    const ratio = single!.processingP50.get(batchMs)! / pool!.processingP50.get(batchMs)!;
    console.log(
      `\n${batchMs} ms batches: processing ${ratio.toFixed(2)}x lower with the pool than with workers: 0`,
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
