import type { MimeBundle } from "../output";

/**
 * The well-known symbol by which an object supplies its own mime bundle: toMimeBundle() and
 * display() call `value[mimeBundleSymbol]()` and show what it returns. It is a registered symbol
 * (`Symbol.for`), so a library need not import this file to use it. An empty bundle means the
 * value has nothing to show as a cell's result (a DisplayHandle: its output is on screen already).
 *
 * @example
 * class Temperature {
 *   constructor(readonly celsius: number) {}
 *   [mimeBundleSymbol]() {
 *     return { "text/plain": `${this.celsius} °C`, "text/html": `<b>${this.celsius} °C</b>` };
 *   }
 * }
 * display(new Temperature(21)); // shows the bold HTML
 */
export const mimeBundleSymbol: unique symbol = Symbol.for("dstream-lab.mimeBundle");

/** An object that shows itself: see mimeBundleSymbol. */
export interface HasMimeBundle {
  [mimeBundleSymbol](): MimeBundle;
}
