import { randomUUID } from "node:crypto";
import { toMimeBundle } from "../display";
import { type CellOutput, currentOutput, type MimeBundle } from "../output";

export interface DisplayOptions {
  /** Names the output so it can be replaced later; a fresh id is made when omitted. */
  displayId?: string;
  metadata?: Record<string, unknown>;
  /** The value is already a mime bundle (`{"text/html": …, "text/plain": …}`), as IPython's raw=True. */
  raw?: boolean;
}

/**
 * A shown output that can be replaced in place, from any cell or from a stream's batches: the
 * update goes to the cell that showed it.
 */
export class DisplayHandle {
  constructor(
    readonly displayId: string,
    private readonly output: CellOutput | undefined,
  ) {}

  /**
   * Replaces what this display shows (iopub `update_display_data`).
   * @example const h = display("starting…"); setInterval(() => h.update(new Date().toISOString()), 1000);
   */
  update(value: unknown, options: Omit<DisplayOptions, "displayId"> = {}): void {
    const data = bundleOf(value, options.raw);
    if (this.output) this.output.updateDisplay(this.displayId, data, { metadata: options.metadata ?? {} });
    else console.log(String(data["text/plain"] ?? ""));
  }
}

/**
 * Shows a value (as `toMimeBundle` renders it) or, with `raw`, a mime bundle, in the running
 * cell; returns a handle whose update() replaces it in place.
 *
 * @example
 * display({ "text/html": "<b>hi</b>", "text/plain": "hi" }, { raw: true });
 * const h = display(0, { displayId: "counter" });
 * h.update(1);
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const output = currentOutput();
  const displayId = options.displayId ?? randomUUID();
  const data = bundleOf(value, options.raw);
  if (output) output.display(data, { metadata: options.metadata ?? {}, displayId });
  else console.log(String(data["text/plain"] ?? ""));
  return new DisplayHandle(displayId, output);
}

/**
 * Clears the running cell's output; with `wait`, when the next output arrives (no flicker).
 * @example clearOutput(true); display(frame);
 */
export function clearOutput(wait = false): void {
  currentOutput()?.clearOutput?.(wait);
}

function bundleOf(value: unknown, raw: boolean | undefined): MimeBundle {
  if (!raw) return toMimeBundle(value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      "display(value, { raw: true }) needs a mime bundle object such as { 'text/plain': 'hi' }. " +
        "Fix: pass a bundle, or drop raw to show the value as it is.",
    );
  }
  return value as MimeBundle;
}
