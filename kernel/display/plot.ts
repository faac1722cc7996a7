import type { DStream } from "../../engine";
import { type CellOutput, currentOutput } from "../output";
import { chartSpec } from "./chartSpec";
import { compileChart } from "./compileChart";
import { InvalidChartError, NoCellOutputError } from "./errors";
import { LiveChart, type LiveChartOptions } from "./LiveChart";
import { newDisplayId } from "./newDisplayId";
import { renderSvgInWorker } from "./renderSvgInWorker";

/** plot()'s options: how the chart looks (ChartOptions), how much it keeps, how often it redraws. */
export interface PlotOptions extends LiveChartOptions {
  /** Records per batch the chart takes (Spark's `take`: only the partitions needed run). Default 1000. */
  maxRowsPerBatch?: number;
  /** The cell to draw in. Default: the cell that calls plot(). */
  output?: CellOutput;
}

const MARKS = ["line", "bar", "point", "area", "tick", "circle", "square", "trail"];

/**
 * A live vega-lite chart of a stream, in the cell that calls plot(): ONE display, redrawn in
 * place on every batch (throttled: see LiveChart), keeping the last `maxBatches` batches.
 * - DStream<number> (e.g. `count()`): one series over batch time;
 * - DStream<[key, number]> (e.g. `reduceByKey`): a series per key, or with `mark: "bar"` one bar
 *   per key for the latest batch;
 * - DStream<object>: the fields named by `x` (default: batch time), `y` (default: the first
 *   numeric field) and `color`.
 * `spec` merges a partial vega-lite spec over the generated one. The options are checked, and the
 * spec compiled, here: a chart that cannot draw is an InvalidChartError from plot() itself.
 * Define charts before `ssc.start()`, like any output operation.
 *
 * @example
 * const counts = lines.flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number])
 *   .reduceByKey((a, b) => a + b);
 * plot(lines.count(), { title: "lines per batch" });
 * plot(counts, { mark: "bar", title: "words in the latest batch" });
 * plot(readings, { y: "temperature", color: "sensor", spec: { encoding: { y: { scale: { zero: false } } } } });
 * ssc.start();
 */
export function plot<T>(stream: DStream<T>, options: PlotOptions = {}): LiveChart {
  const output = options.output ?? currentOutput();
  if (!output) throw new NoCellOutputError("plot()");
  const name = String(stream);
  checkOptions(options, name);
  // Compile the spec the first batch will most likely produce, so mistakes surface now.
  const shape =
    options.x !== undefined || options.y !== undefined || options.color !== undefined ? "object" : "keyed";
  const { warnings } = compileChart(chartSpec(shape, [], options), `plot(${name})`);
  const chart = new LiveChart(name, output, newDisplayId("chart"), {
    renderSvg: renderSvgInWorker,
    // Worker time is not the stream's time: one render in flight and minIntervalMs bound it. Spacing
    // renders by their wall time would let one slow render (the worker starting on a loaded
    // machine) push the next seconds away, leaving a headless run with an empty chart.
    maxBusyFraction: 1,
    ...options,
  });
  const maxRows = options.maxRowsPerBatch ?? 1000;
  stream.foreachRDD((rdd, time) => chart.addBatch(time.milliseconds, rdd.take(maxRows)));
  chart.show();
  if (warnings.length > 0)
    output.stream("stderr", `plot(${name}): vega-lite warns: ${warnings.join("; ")}\n`);
  return chart;
}

function checkOptions(o: PlotOptions, name: string): void {
  const fail = (rule: string) => new InvalidChartError(`plot(${name}): ${rule}`);
  for (const key of ["maxBatches", "maxRowsPerBatch"] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw fail(`${key} must be a whole number of at least 1; got ${v}. Fix: e.g. { ${key}: 50 }.`);
    }
  }
  for (const key of ["width", "height"] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw fail(`${key} must be a positive number of pixels; got ${v}. Fix: e.g. { ${key}: 300 }.`);
    }
  }
  if (o.minIntervalMs !== undefined && !(Number.isFinite(o.minIntervalMs) && o.minIntervalMs >= 0)) {
    throw fail(
      `minIntervalMs must be a number of milliseconds ≥ 0; got ${o.minIntervalMs}. Fix: e.g. { minIntervalMs: 250 }.`,
    );
  }
  const f = o.maxBusyFraction;
  if (f !== undefined && !(Number.isFinite(f) && f > 0 && f <= 1)) {
    throw fail(
      `maxBusyFraction must be a share of time in (0, 1]; got ${f}. Fix: e.g. { maxBusyFraction: 0.1 }.`,
    );
  }
  if (o.mark !== undefined && !MARKS.includes(o.mark)) {
    throw fail(
      `mark must be one of ${MARKS.join(", ")}; got ${JSON.stringify(o.mark)}. Fix: e.g. { mark: "bar" }, or set any vega-lite mark with { spec: { mark: … } }.`,
    );
  }
  for (const key of ["x", "y", "color", "title"] as const) {
    const v = o[key];
    if (v !== undefined && (typeof v !== "string" || v === "")) {
      throw fail(
        `${key} must be a non-empty string (a field name${key === "title" ? " or text" : ""}); got ${JSON.stringify(v)}.`,
      );
    }
  }
  if (o.spec !== undefined && (o.spec === null || typeof o.spec !== "object" || Array.isArray(o.spec))) {
    throw fail(
      `spec must be a (partial) vega-lite spec object; got ${JSON.stringify(o.spec)}. Fix: e.g. { spec: { encoding: { y: { scale: { type: "log" } } } } }.`,
    );
  }
}
