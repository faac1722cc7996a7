import { type CellOutput, currentOutput } from "../output";
import { type BundleOptions, bundleOf, DisplayHandle } from "./DisplayHandle";
import { newDisplayId } from "./newDisplayId";

/** Where and how display() shows a value. */
export interface DisplayOptions extends BundleOptions {
  /** Reuse a display id (to show the same output twice and update both). Default: a new one. */
  displayId?: string;
  /** The cell to show it in. Default: the cell whose code is running. */
  output?: CellOutput;
}

/**
 * Shows a value in the current cell, as toMimeBundle would show it (an RDD or DataFrame as a
 * table, a chart as a chart), or a ready-made mime bundle as it is. Returns a handle whose
 * `update()` replaces this output in place — also from a later cell or a stream's batches.
 * Outside a notebook cell it prints the text form.
 *
 * @example
 * const status = display("waiting for the first batch…");
 * counts.foreachRDD((rdd) => status.update(rdd.take(5)));
 * display({ "text/html": "<h3>Word counts</h3>", "text/plain": "Word counts" });
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const output = options.output ?? currentOutput();
  const displayId = options.displayId ?? newDisplayId();
  const data = bundleOf(value, options);
  if (!output) console.log(String(data["text/plain"] ?? ""));
  else output.display(data, { displayId, ...(options.metadata ? { metadata: options.metadata } : {}) });
  return new DisplayHandle(
    displayId,
    output,
    options.maxRows === undefined ? {} : { maxRows: options.maxRows },
  );
}
