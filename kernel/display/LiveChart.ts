import type { CellOutput, MimeBundle } from "../output";
import { type ChartRow, type ChartShape, chartRows } from "./chartRows";
import { type ChartOptions, chartSpec } from "./chartSpec";
import { ChartRenderError } from "./errors";
import { mimeBundleSymbol } from "./mimeBundleSymbol";
import { ThrottledTask, type ThrottleTimer } from "./ThrottledTask";
import { VEGALITE_MIME, type VegaLiteSpec } from "./VegaLiteSpec";

/** How a LiveChart keeps and redraws its data. */
export interface LiveChartOptions extends ChartOptions {
  /** How many of the latest batches the chart keeps. Default 50. */
  maxBatches?: number;
  /** The least time between two renders, in ms of wall time. Default 250. */
  minIntervalMs?: number;
  /**
   * Turns a vega-lite spec into SVG. Default renderSvgInWorker (vega on a worker thread). Replace it to render
   * elsewhere (a worker, PNG), or to test throttling with a slow renderer.
   */
  renderSvg?: (spec: VegaLiteSpec) => Promise<string>;
  /**
   * The largest share of wall time redraws may take. Default 0.1: after a 30 ms render the next
   * waits at least 300 ms, so a chart rendered on the main thread costs its stream at most a tenth
   * of it. plot() and monitor() render on a worker and pass 1.
   */
  maxBusyFraction?: number;
  /** Wall time for the minimum interval; tests pass a manual timer. */
  timer?: ThrottleTimer;
}

/**
 * A chart that lives in ONE display of the cell that made it and is redrawn in place as batches
 * arrive (update_display_data). It keeps the last `maxBatches` batches; each redraw carries the
 * vega-lite spec with the data inlined (JupyterLab, VS Code), an SVG rendering of it (classic
 * Notebook, nbconvert HTML) and a text summary. Redraws are throttled (see ThrottledTask): a
 * batch only stores its rows and asks for a redraw, so a slow chart never slows its stream.
 *
 * A failing redraw is reported once, as an error in the chart's cell; the stream and the chart
 * (with its last good picture) go on. plot() makes LiveCharts from streams; monitor() uses one too.
 *
 * @example
 * const chart = plot(words.countByValue(), { title: "word counts", maxBatches: 30 });
 * // later: chart.rows (what is plotted now), chart.stop()
 */
export class LiveChart {
  /** Batches kept, oldest first. */
  private readonly batches: { timeMs: number; rows: ChartRow[] }[] = [];
  private shapeFound: ChartShape | undefined;
  private readonly task: ThrottledTask;
  private readonly render: (spec: VegaLiteSpec) => Promise<string>;
  private reported = false;
  private latest: MimeBundle;
  /** Batches received so far (kept or not). */
  batchCount = 0;
  /** Renders that completed and updated the display. */
  renderCount = 0;

  constructor(
    /** What the chart shows, for messages: e.g. `count of QueueInputDStream[0]`. */
    readonly name: string,
    /** The cell the chart lives in. */
    readonly output: CellOutput,
    readonly displayId: string,
    private readonly options: LiveChartOptions & {
      shape?: ChartShape;
      renderSvg: (spec: VegaLiteSpec) => Promise<string>;
    },
  ) {
    this.shapeFound = options.shape;
    this.render = options.renderSvg;
    this.task = new ThrottledTask(() => this.redraw(), {
      minIntervalMs: options.minIntervalMs ?? 250,
      maxBusyFraction: options.maxBusyFraction ?? 0.1,
      ...(options.timer ? { timer: options.timer } : {}),
      onError: (e) => this.reportOnce(new ChartRenderError(this.name, e)),
    });
    this.latest = this.bundle(this.spec(), undefined);
  }

  /** The shape of the plotted records, once known (from the first non-empty batch). */
  get shape(): ChartShape | undefined {
    return this.shapeFound;
  }

  /** The rows plotted now: every kept batch's, oldest first. */
  get rows(): ChartRow[] {
    return this.batches.flatMap((b) => b.rows);
  }

  /** The bundle of the latest completed render (before any: the spec and a placeholder text). */
  get snapshot(): MimeBundle {
    return this.latest;
  }

  /** Shows the chart (its current bundle) under its display id; plot() calls this once. */
  show(): void {
    this.output.display(this.latest, { displayId: this.displayId });
    this.task.request();
  }

  /**
   * Adds a batch's records and asks for a redraw. Never throws: records the chart cannot plot are
   * reported once in the chart's cell, and the batch (like the stream) goes on.
   */
  addBatch(timeMs: number, records: readonly unknown[]): void {
    this.batchCount++;
    try {
      const { shape, rows } = chartRows(records, timeMs, this.shapeFound);
      this.shapeFound = shape;
      this.batches.push({ timeMs, rows });
      const max = this.options.maxBatches ?? 50;
      if (this.batches.length > max) this.batches.splice(0, this.batches.length - max);
      this.task.request();
    } catch (e) {
      this.reportOnce(e);
    }
  }

  /** Resolves when every requested redraw has been done: tests and `await chart.idle()` in a cell. */
  idle(): Promise<void> {
    return this.task.idle();
  }

  /** Stops redrawing: the display keeps its last picture. */
  stop(): void {
    this.task.stop();
  }

  /** What a cell shows when its result is the chart itself: a line, not a second copy of the chart. */
  [mimeBundleSymbol](): MimeBundle {
    return { "text/plain": `LiveChart(${this.name}): ${this.summary()}` };
  }

  private spec(): VegaLiteSpec {
    return chartSpec(this.shapeFound ?? "keyed", this.rows, this.options);
  }

  private async redraw(): Promise<void> {
    const spec = this.spec();
    const svg = await this.render(spec);
    this.latest = this.bundle(spec, svg);
    this.output.updateDisplay(this.displayId, this.latest);
    this.renderCount++;
  }

  private bundle(spec: VegaLiteSpec, svg: string | undefined): MimeBundle {
    return {
      [VEGALITE_MIME]: spec,
      ...(svg === undefined ? {} : { "image/svg+xml": svg }),
      "text/plain": `${this.options.title ?? this.name}: ${this.summary()}`,
    };
  }

  private summary(): string {
    const last = this.batches[this.batches.length - 1];
    if (!last) return "waiting for the first batch";
    const kept = `${this.batches.length} of ${this.batchCount} batches shown`;
    const values = last.rows
      .slice(0, 10)
      .map((r) =>
        this.shapeFound === "keyed"
          ? `${r.key}=${r.value}`
          : this.shapeFound === "number"
            ? String(r.value)
            : JSON.stringify(r),
      )
      .join(", ");
    const more = last.rows.length > 10 ? `, … (${last.rows.length} records)` : "";
    return `${kept}; batch ${last.timeMs} ms: ${values || "(empty)"}${more}`;
  }

  private reportOnce(e: unknown): void {
    if (this.reported) return;
    this.reported = true;
    const error = e instanceof Error ? e : new Error(String(e));
    this.output.error(
      error.name,
      error.message,
      (error.stack ?? `${error.name}: ${error.message}`).split("\n"),
    );
  }
}
