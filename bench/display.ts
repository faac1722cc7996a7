/**
 * What live charts cost. (1) SVG render time of a typical chart: 50 batches × 5 series, rendered
 * by renderSvg (vega 5 + vega-lite 5 in Node). (2) Main-thread cost per batch of a plotted stream
 * at 100 ms batches on the system clock: CPU time and event-loop busy time of the same stream
 * with and without plot() (and with monitor()), divided by the batches run. The stand-in output
 * serialises every bundle as JSON, as the kernel does for an iopub message.
 *
 * Run: node --import tsx bench/display.ts   (BENCH_SECONDS=10)
 */
import { performance } from "node:perf_hooks";
import { BatchContext, type BatchInfo, Milliseconds, StreamingContext } from "../engine";
import { chartSpec, monitor, plot, renderSvg, renderSvgInWorker } from "../kernel/display";
import type { CellOutput } from "../kernel/output";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** Stands in for the kernel's output: serialises what it would send, then drops it. */
class SerialisingOutput implements CellOutput {
  bytes = 0;
  messages = 0;
  stream(): void {}
  error(_n: string, evalue: string): void {
    console.error(evalue);
  }
  display(data: unknown): void {
    this.send(data);
  }
  updateDisplay(_id: string, data: unknown): void {
    this.send(data);
  }
  private send(data: unknown): void {
    this.bytes += JSON.stringify(data).length;
    this.messages++;
  }
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
}

async function renderTime(): Promise<void> {
  const rows = [];
  for (let b = 0; b < 50; b++) {
    for (let k = 0; k < 5; k++)
      rows.push({ time: 1_700_000_000_000 + b * 100, key: `key${k}`, value: (b * 7 + k * 13) % 50 });
  }
  const spec = chartSpec("keyed", rows, { title: "50 batches × 5 series" });
  for (let i = 0; i < 5; i++) await renderSvg(spec); // warm-up (JIT, first compile)
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    size = (await renderSvg(spec)).length;
    times.push(performance.now() - t0);
  }
  console.log(
    `SVG render, 50 batches × 5 series (${rows.length} points): median ${percentile(times, 50).toFixed(1)} ms, ` +
      `p90 ${percentile(times, 90).toFixed(1)} ms, ${(size / 1024).toFixed(1)} KiB of SVG`,
  );
}

async function streamCost(
  mode: "none" | "plot" | "plot (in-process render)" | "plot+monitor",
): Promise<{ cpuMs: number; busyMs: number; batches: number; out: SerialisingOutput; infos: BatchInfo[] }> {
  const sc = new BatchContext({ appName: "display-bench", parallelism: 2 });
  const ssc = new StreamingContext(sc, Milliseconds(100));
  const keys = ["alpha", "beta", "gamma", "delta", "epsilon"];
  const pairs = ssc
    .generatorStream((_t, i) => Array.from({ length: 1000 }, (_, j) => keys[(i + j) % 5]!))
    .map((k) => [k, 1] as [string, number])
    .reduceByKey((a, b) => a + b);
  const out = new SerialisingOutput();
  pairs.foreachRDD((rdd) => {
    rdd.count();
  });
  if (mode !== "none") {
    plot(pairs, {
      output: out,
      title: "counts per key",
      ...(mode === "plot (in-process render)" ? { renderSvg } : {}),
    });
  }
  if (mode === "plot+monitor") monitor(ssc, { output: out });
  const infos: BatchInfo[] = [];
  ssc.addStreamingListener({ onBatchCompleted: (b) => infos.push(b) });
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  ssc.start();
  await ssc.awaitTerminationOrTimeout(SECONDS * 1000);
  await ssc.stop();
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000, busyMs: elu.active, batches: infos.length, out, infos };
}

async function main(): Promise<void> {
  await renderTime();
  await streamCost("none"); // warm-up
  const base = await streamCost("none");
  await renderSvgInWorker(chartSpec("number", [])); // the worker's one-off start
  for (const mode of ["plot", "plot (in-process render)", "plot+monitor"] as const) {
    const r = await streamCost(mode);
    const perBatchBusy = r.busyMs / r.batches - base.busyMs / base.batches;
    const perBatchCpu = r.cpuMs / r.batches - base.cpuMs / base.batches;
    const total = r.infos.map((b) => b.totalDelay ?? 0);
    console.log(
      `100 ms batches for ${SECONDS} s, ${mode}: ${r.batches} batches, ${r.out.messages} display messages ` +
        `(${(r.out.bytes / r.out.messages / 1024).toFixed(1)} KiB each); extra main-thread busy time ` +
        `${perBatchBusy.toFixed(2)} ms/batch, extra CPU ${perBatchCpu.toFixed(2)} ms/batch; ` +
        `total delay p50 ${percentile(total, 50)} ms, p99 ${percentile(total, 99)} ms ` +
        `(without: p50 ${percentile(
          base.infos.map((b) => b.totalDelay ?? 0),
          50,
        )}, p99 ${percentile(
          base.infos.map((b) => b.totalDelay ?? 0),
          99,
        )})`,
    );
  }
}

void main();
