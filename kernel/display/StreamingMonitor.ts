import type { BatchInfo, ReceiverInfo, StreamingContext, StreamingListener } from "../../engine";
import type { CellOutput, MimeBundle } from "../output";
import { type BatchMetrics, batchMetrics } from "./batchMetrics";
import { ChartRenderError } from "./errors";
import { escapeHtml } from "./escapeHtml";
import { htmlTable } from "./htmlTable";
import { kafkaSummary } from "./kafkaSummary";
import { mimeBundleSymbol } from "./mimeBundleSymbol";
import { MONITOR_METRICS, monitorSpec } from "./monitorSpec";
import { type ReceiverSummary, receiverSummary } from "./receiverSummary";
import { ThrottledTask, type ThrottleTimer } from "./ThrottledTask";
import { textTable } from "./textTable";
import { VEGALITE_MIME, type VegaLiteSpec } from "./VegaLiteSpec";

/** How a StreamingMonitor keeps and redraws its numbers. */
export interface MonitorOptions {
  /** Completed batches kept for the timelines and averages. Default 100 (Spark keeps 1000). */
  maxBatches?: number;
  /** The least time between two redraws, in ms of wall time. Default 500. */
  minIntervalMs?: number;
  /** Chart width in pixels. Default 500. */
  width?: number;
  /** Turns the timelines' vega-lite spec into SVG. Default renderSvgInWorker. */
  renderSvg?: (spec: VegaLiteSpec) => Promise<string>;
  /**
   * The largest share of wall time redraws may take. Default 0.1: after a 30 ms render the next
   * waits at least 300 ms, so a chart costs its stream at most a tenth of the main thread.
   */
  maxBusyFraction?: number;
  /** Wall time for the minimum interval; tests pass a manual timer. */
  timer?: ThrottleTimer;
}

/** Totals per input stream. */
interface InputTotals {
  name: string;
  last: number;
  total: number;
}

/**
 * Spark's Streaming tab as a live cell output: timelines of input rate, scheduling delay,
 * processing time and total delay per batch, and a summary (batches completed, running and
 * queued, the last batch, averages, the input streams and their record counts, and every
 * receiver's state, rate limit, records, bad records, restarts and latest error). It is a
 * StreamingListener on the context, so the engine knows nothing of it, and it redraws its one
 * display throttled like a chart: batches and receiver events only update numbers.
 *
 * @example
 * const m = monitor(ssc); // in a cell; updates as batches complete
 * m.batches.at(-1)?.processingTime
 * m.stop();               // stops listening; the output keeps its last state
 */
export class StreamingMonitor implements StreamingListener {
  /** Completed batches kept (the last maxBatches), oldest first. */
  readonly batches: BatchMetrics[] = [];
  /** Every batch completed since the monitor started (kept or not). */
  completedBatches = 0;
  totalRecords = 0;
  failedBatches = 0;
  lastFailure: string | undefined;
  /** Renders that completed and updated the display. */
  renderCount = 0;
  private readonly submitted = new Set<number>();
  private readonly running = new Set<number>();
  private readonly inputs = new Map<number, InputTotals>();
  private readonly task: ThrottledTask;
  private readonly startedAt: number;
  private reported = false;
  private latest: MimeBundle;

  constructor(
    readonly ssc: StreamingContext,
    readonly output: CellOutput,
    readonly displayId: string,
    private readonly options: MonitorOptions & { renderSvg: (spec: VegaLiteSpec) => Promise<string> },
  ) {
    this.startedAt = ssc.clock.now();
    this.task = new ThrottledTask(() => this.redraw(), {
      minIntervalMs: options.minIntervalMs ?? 500,
      maxBusyFraction: options.maxBusyFraction ?? 0.1,
      ...(options.timer ? { timer: options.timer } : {}),
      onError: (e) => this.reportOnce(new ChartRenderError("monitor", e)),
    });
    this.latest = this.bundle(undefined);
  }

  // ---- StreamingListener -------------------------------------------------------------------

  onBatchSubmitted(info: BatchInfo): void {
    this.submitted.add(info.batchTime.milliseconds);
    this.task.request();
  }

  onBatchStarted(info: BatchInfo): void {
    this.submitted.delete(info.batchTime.milliseconds);
    this.running.add(info.batchTime.milliseconds);
    this.task.request();
  }

  onBatchCompleted(info: BatchInfo): void {
    const time = info.batchTime.milliseconds;
    this.submitted.delete(time);
    this.running.delete(time);
    const m = batchMetrics(info, this.ssc.batchDuration.milliseconds);
    this.batches.push(m);
    const max = this.options.maxBatches ?? 100;
    if (this.batches.length > max) this.batches.splice(0, this.batches.length - max);
    this.completedBatches++;
    this.totalRecords += m.numRecords;
    if (m.failures.length > 0) {
      this.failedBatches++;
      this.lastFailure = m.failures[m.failures.length - 1];
    }
    for (const [id, n] of m.recordsByStream) {
      const totals = this.inputFor(id);
      totals.last = n;
      totals.total += n;
    }
    this.task.request();
  }

  onStreamingStopped(): void {
    this.task.request();
  }

  onReceiverStarted(_info: ReceiverInfo): void {
    this.task.request();
  }

  onReceiverError(_info: ReceiverInfo): void {
    this.task.request();
  }

  onReceiverStopped(_info: ReceiverInfo): void {
    this.task.request();
  }

  // ---- display -----------------------------------------------------------------------------

  /** Batches generated but not started yet (waiting behind a running one). */
  get queuedBatches(): number {
    return this.submitted.size;
  }

  get runningBatches(): number {
    return this.running.size;
  }

  /** The bundle of the latest completed redraw. */
  get snapshot(): MimeBundle {
    return this.latest;
  }

  /** Shows the monitor under its display id and starts listening; monitor() calls this once. */
  show(): void {
    this.output.display(this.latest, { displayId: this.displayId });
    this.ssc.addStreamingListener(this);
    this.task.request();
  }

  /** Resolves when every requested redraw has been done. */
  idle(): Promise<void> {
    return this.task.idle();
  }

  /** Stops listening and redrawing; the output keeps its last state. */
  stop(): void {
    this.ssc.removeStreamingListener(this);
    this.task.stop();
  }

  /** The summary as text (also the bundle's text/plain). */
  summaryText(): string {
    return this.text(receiverSummary(this.ssc));
  }

  [mimeBundleSymbol](): MimeBundle {
    return { "text/plain": `StreamingMonitor: ${this.headline(receiverSummary(this.ssc))}` };
  }

  private text(receivers: ReceiverSummary): string {
    const rows = this.summaryRows();
    return [
      this.headline(receivers),
      textTable({
        columns: ["", "last batch", `average (${this.batches.length} batches)`],
        rows: rows.metrics,
      }),
      textTable({ columns: ["input stream", "records (last batch)", "records (total)"], rows: rows.inputs }),
      ...(receivers.table ? [textTable(receivers.table)] : []),
      ...(receivers.errors.length > 0 ? [receivers.errors.join("\n")] : []),
      ...kafkaText(this.ssc),
    ].join("\n\n");
  }

  private inputFor(id: number): InputTotals {
    let totals = this.inputs.get(id);
    if (!totals) {
      const stream = this.ssc.graph.inputStreams.find((s) => s.inputId === id);
      totals = { name: stream ? String(stream) : `input ${id}`, last: 0, total: 0 };
      this.inputs.set(id, totals);
    }
    return totals;
  }

  private headline(receivers: ReceiverSummary): string {
    const last = this.batches[this.batches.length - 1];
    const state = this.ssc.getState();
    const lines = [
      `Batches of ${this.ssc.batchDuration.milliseconds} ms; ${state.toLowerCase()}, monitored for ` +
        `${((this.ssc.clock.now() - this.startedAt) / 1000).toFixed(1)} s.`,
      `Completed batches: ${this.completedBatches} (${this.totalRecords} records); running: ${this.runningBatches}; ` +
        `queued: ${this.queuedBatches}; failed: ${this.failedBatches}.`,
      last ? `Last batch: ${last.time} ms.` : "No batch has completed yet.",
      receivers.headline,
    ];
    if (this.lastFailure) lines.push(`Last failure: ${this.lastFailure}`);
    return lines.join("\n");
  }

  private summaryRows(): { metrics: unknown[][]; inputs: unknown[][] } {
    const last = this.batches[this.batches.length - 1];
    const avg = (key: (typeof MONITOR_METRICS)[number]["key"]) =>
      this.batches.length === 0
        ? ""
        : round(this.batches.reduce((s, b) => s + b[key], 0) / this.batches.length);
    const metrics = MONITOR_METRICS.map((m) => [m.label, last ? round(last[m.key]) : "", avg(m.key)]);
    // Every input stream, even one that has reported nothing yet.
    for (const s of this.ssc.graph.inputStreams) this.inputFor(s.inputId);
    const inputs = [...this.inputs.values()].map((i) => [i.name, i.last, i.total]);
    return { metrics, inputs };
  }

  private async redraw(): Promise<void> {
    const svg = this.batches.length > 0 ? await this.options.renderSvg(this.spec()) : undefined;
    this.latest = this.bundle(svg);
    this.output.updateDisplay(this.displayId, this.latest);
    this.renderCount++;
  }

  private spec(): VegaLiteSpec {
    return monitorSpec(this.batches, this.options.width === undefined ? {} : { width: this.options.width });
  }

  private bundle(svg: string | undefined): MimeBundle {
    const rows = this.summaryRows();
    const receivers = receiverSummary(this.ssc);
    const lines = (text: string) => escapeHtml(text).replace(/\n/g, "<br>");
    const html =
      `<div class="dstream-lab-monitor"><p>${lines(this.headline(receivers))}</p>\n` +
      htmlTable({
        columns: ["", "last batch", `average (${this.batches.length} batches)`],
        rows: rows.metrics,
      }) +
      "\n" +
      htmlTable({ columns: ["input stream", "records (last batch)", "records (total)"], rows: rows.inputs }) +
      (receivers.table ? `\n${htmlTable(receivers.table)}` : "") +
      (receivers.errors.length > 0 ? `\n<p>${lines(receivers.errors.join("\n"))}</p>` : "") +
      kafkaHtml(this.ssc, lines) +
      (svg ? `\n<div>${svg}</div>` : "") +
      "</div>";
    return {
      "text/html": html,
      ...(this.batches.length > 0 ? { [VEGALITE_MIME]: this.spec() } : {}),
      "text/plain": this.text(receivers),
    };
  }

  private reportOnce(error: Error): void {
    if (this.reported) return;
    this.reported = true;
    this.output.error(error.name, error.message, (error.stack ?? error.message).split("\n"));
  }
}

/** The Kafka streams' partitions table and problems, as text blocks (none without Kafka). */
function kafkaText(ssc: StreamingContext): string[] {
  const kafka = kafkaSummary(ssc);
  return [
    ...(kafka.table ? [textTable(kafka.table)] : []),
    ...(kafka.errors.length > 0 ? [kafka.errors.join("\n")] : []),
  ];
}

function kafkaHtml(ssc: StreamingContext, lines: (text: string) => string): string {
  const kafka = kafkaSummary(ssc);
  return (
    (kafka.table ? `\n${htmlTable(kafka.table)}` : "") +
    (kafka.errors.length > 0 ? `\n<p>${lines(kafka.errors.join("\n"))}</p>` : "")
  );
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
