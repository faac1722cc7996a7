import type { CellOutput, MimeBundle } from "../output";
import { isMimeBundle } from "./isMimeBundle";
import { mimeBundleSymbol } from "./mimeBundleSymbol";
import { type MimeBundleOptions, toMimeBundle } from "./toMimeBundle";

/** How a value is turned into what display() and DisplayHandle.update() show. */
export interface BundleOptions extends MimeBundleOptions {
  /** The value IS a mime bundle (IPython's raw=True); without it, plain objects with only mime-type keys count too. */
  raw?: boolean;
  metadata?: Record<string, unknown>;
}

/**
 * An output shown by display(): `update` replaces it in place (update_display_data), in the cell
 * it was first shown in, whichever cell runs now (IPython's DisplayHandle). Outside any cell
 * (a script) both print the text form instead.
 *
 * @example
 * const h = display("starting…");
 * h.update({ "text/html": "<b>done</b>", "text/plain": "done" });
 */
export class DisplayHandle {
  constructor(
    readonly displayId: string,
    /** The cell the output lives in; undefined outside a notebook. */
    readonly output: CellOutput | undefined,
    private readonly options: MimeBundleOptions = {},
  ) {}

  /** Replaces the output with `value` (shown as toMimeBundle shows it) or a ready-made mime bundle. */
  update(value: unknown, options: BundleOptions = {}): void {
    const data = bundleOf(value, { ...this.options, ...options });
    if (!this.output) console.log(String(data["text/plain"] ?? ""));
    else if (options.metadata)
      this.output.updateDisplay(this.displayId, data, { metadata: options.metadata });
    else this.output.updateDisplay(this.displayId, data);
  }

  /**
   * Nothing: a cell ending in `display(x)` has shown x already, and the handle as a second
   * output would be noise (IPython's display() returns None). An empty bundle means no result.
   */
  [mimeBundleSymbol](): MimeBundle {
    return {};
  }
}

/** A value's bundle, or the value itself when it already is a mime bundle. */
export function bundleOf(value: unknown, options: BundleOptions = {}): MimeBundle {
  if (options.raw) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new TypeError(
        "display(value, { raw: true }) needs a mime bundle object such as { 'text/plain': 'hi' }. " +
          "Fix: pass a bundle, or drop raw to show the value as it is.",
      );
    }
    return value as MimeBundle;
  }
  return isMimeBundle(value) ? value : toMimeBundle(value, options);
}
