import type { BatchInfo, StreamingContext, StreamingListener } from "../../engine";
import { Button } from "./Button";
import { Control } from "./Control";
import { type ControlOptions, type ControlTarget, controlTarget } from "./ControlTarget";
import { InvalidControlError } from "./errors";
import { Label } from "./Label";
import { MODEL_REF_PREFIX } from "./protocol";
import { WIDGET_MODELS } from "./widgetModels";

/**
 * Start and Stop buttons for a StreamingContext and a line that counts its completed batches,
 * updated on every batch: `running · 12 batches · last batch 12000 ms, took 3 ms`. Start is
 * enabled until the context starts (from the button or from code) and Stop while it runs; a
 * stopped context cannot start again (Spark's rule), so both are then disabled. It is a
 * StreamingListener: the engine knows nothing of widgets.
 *
 * Parameters the stream should follow are bound with onChange callbacks that set what the stream
 * reads at its next batch: no restart needed.
 *
 * @example
 * const ssc = streamingContext(Milliseconds(500));
 * let threshold = 0.5;
 * ssc.generatorStream(() => [Math.random()]).filter((x) => x > threshold).count().print();
 * controls(ssc); // Start / Stop, and the batch counter
 * slider({ min: 0, max: 1, step: 0.05, value: threshold, description: "threshold", onChange: (v) => (threshold = v) });
 */
export function controls(ssc: StreamingContext, options: ControlOptions = {}): StreamControls {
  return StreamControls.create(controlTarget("controls()", options), ssc).show(options.output);
}

/** The handle controls() returns. */
export class StreamControls extends Control implements StreamingListener {
  /** Batches completed since the controls were made. */
  completedBatches = 0;
  /** The batch time (ms on the context's clock) of the latest completed batch. */
  lastBatchTime: number | undefined;
  /** How long the latest completed batch took to process, in ms. */
  lastProcessingTime: number | undefined;

  private constructor(
    readonly ssc: StreamingContext,
    target: ControlTarget,
    readonly start: Button,
    readonly stop: Button,
    readonly status: Label,
  ) {
    super(
      target.widgets.create(
        WIDGET_MODELS.HBoxModel,
        { children: [start, stop, status].map((c) => `${MODEL_REF_PREFIX}${c.modelId}`) },
        target.publish,
      ),
      target.output,
    );
    this.refresh();
    ssc.addStreamingListener(this);
  }

  /** Makes the models without showing them (controls() shows them). */
  static create(target: ControlTarget, ssc: StreamingContext): StreamControls {
    if (!ssc || typeof (ssc as StreamingContext).addStreamingListener !== "function") {
      throw new InvalidControlError(
        `controls() needs a StreamingContext; got ${typeof ssc}. Fix: controls(ssc), with ssc = streamingContext(Seconds(1)).`,
      );
    }
    const start = Button.create(target, {
      description: "Start",
      buttonStyle: "success",
      onClick: () => ssc.start(),
    });
    const stop = Button.create(target, {
      description: "Stop",
      buttonStyle: "danger",
      onClick: () => ssc.stop(),
    });
    const status = Label.create(target, "", {});
    return new StreamControls(ssc, target, start, stop, status);
  }

  onStreamingStarted(): void {
    this.refresh();
  }

  onStreamingStopped(): void {
    this.refresh();
  }

  onBatchCompleted(info: BatchInfo): void {
    this.completedBatches++;
    this.lastBatchTime = info.batchTime.milliseconds;
    this.lastProcessingTime = info.processingDelay;
    this.refresh();
  }

  /** The status line: state, batches, the latest batch. */
  get statusText(): string {
    const state = { INITIALIZED: "not started", ACTIVE: "running", STOPPED: "stopped" }[this.ssc.getState()];
    const n = `${this.completedBatches} batch${this.completedBatches === 1 ? "" : "es"}`;
    const last =
      this.lastBatchTime === undefined
        ? ""
        : ` · last batch ${this.lastBatchTime} ms` +
          (this.lastProcessingTime === undefined ? "" : `, took ${this.lastProcessingTime} ms`);
    return `${state} · ${n}${last}`;
  }

  /** Stops listening and removes the controls from the page; the stream is not touched. */
  override close(): void {
    this.ssc.removeStreamingListener(this);
    super.close();
    for (const c of [this.start, this.stop, this.status]) c.close();
  }

  override toString(): string {
    return `StreamControls(Start, Stop, '${this.statusText}')`;
  }

  protected textFields(): Record<string, unknown> {
    return {};
  }

  private refresh(): void {
    if (this.isClosed) return;
    const state = this.ssc.getState();
    this.start.disabled = state !== "INITIALIZED";
    this.start.tooltip =
      state === "STOPPED"
        ? "A stopped StreamingContext cannot restart: re-run the cell that builds it."
        : null;
    this.stop.disabled = state !== "ACTIVE";
    this.status.value = this.statusText;
  }
}
