import { AsyncResource } from "node:async_hooks";
import { NoCellOutputError } from "../display/errors";
import { type HasMimeBundle, mimeBundleSymbol } from "../display/mimeBundleSymbol";
import { type CellOutput, cellOutputStorage, currentOutput, type MimeBundle } from "../output";
import { cellWorkStorage } from "../output/CellWork";
import { ErrorReporter } from "./ErrorReporter";
import { ControlCallbackError } from "./errors";
import { WIDGET_VIEW_MIME } from "./protocol";
import type { WidgetModel } from "./WidgetModel";

/**
 * What every control handle has (slider, button, toggle, dropdown, label, html): its model, the
 * cell that made it, show/close, and a text line for front ends without widgets.
 *
 * Callbacks run in the async context of the cell that made the control, however late they come
 * (a slider moved while another cell runs, or after every cell finished): their console.log
 * lands in that cell, and so does an error they throw (a ControlCallbackError, shown once, then
 * counted), and the streams go on. Messages from the front end that the model cannot apply are
 * shown there too (WidgetMessageError).
 *
 * @example
 * const s = slider({ min: 0, max: 10, description: "k" }); // shown in this cell
 * s.value = 4;        // every browser showing it follows
 * s.show();           // in a later cell: another view, in sync
 * s.close();          // removed from the page
 */
export abstract class Control implements HasMimeBundle {
  // Captured here, in the making cell's async context: its CellWork and whatever else that context
  // holds; the cell's output is swapped for callbackOutput when a callback runs.
  private readonly inCell = AsyncResource.bind(<R>(fn: () => R): R => fn());
  private readonly errors: ErrorReporter;
  /** Where callbacks print and errors show: the making cell, also after it was interrupted. */
  private readonly callbackOutput: CellOutput;

  protected constructor(
    readonly model: WidgetModel,
    /** The cell that made the control: its callbacks' output and errors go there. */
    readonly output: CellOutput,
  ) {
    this.callbackOutput = output.controlOutput?.() ?? output;
    this.errors = new ErrorReporter(this.callbackOutput);
    model.onError = (e) => this.errors.report(e);
  }

  /** The model id, which the widget view in display_data names. */
  get modelId(): string {
    return this.model.id;
  }

  /** True once closed, by close() or by the front end. */
  get isClosed(): boolean {
    return this.model.isClosed;
  }

  get description(): string {
    return String(this.model.get("description") ?? "");
  }

  set description(text: string) {
    this.model.set({ description: text });
  }

  /**
   * Shows the control in a cell (default: the running one): another view of the same model,
   * kept in sync with the first. The control functions show it in the calling cell already.
   */
  show(output: CellOutput | undefined = currentOutput()): this {
    if (!output) throw new NoCellOutputError(`${this.model.definition.name}.show()`);
    output.display(this.viewBundle());
    return this;
  }

  /** Removes the control: its comm closes and the front end removes its views. Values stay readable. */
  close(): void {
    this.model.close();
  }

  /** The widget view, and a text line for nbconvert HTML, classic Notebook and other front ends without widgets. */
  viewBundle(): MimeBundle {
    return {
      "text/plain": this.toString(),
      [WIDGET_VIEW_MIME]: { version_major: 2, version_minor: 0, model_id: this.model.id },
    };
  }

  /** `FloatSlider(value=0.9, min=0, max=1, step=0.01, description='decay')`. */
  toString(): string {
    const fields = Object.entries(this.textFields())
      .filter(([, v]) => v !== undefined && v !== "")
      .map(([k, v]) => `${k}=${textOf(v)}`);
    return `${this.model.definition.name}(${fields.join(", ")})`;
  }

  /**
   * Nothing as a cell's result: the control functions show it already, so a cell ending in
   * `slider({…})` shows one slider (as display()'s handle does). `show()` shows another view.
   */
  [mimeBundleSymbol](): MimeBundle {
    return {};
  }

  /** What the text line shows. */
  protected abstract textFields(): Record<string, unknown>;

  /**
   * Runs a user callback in the making cell's context; a throw or a rejection becomes a
   * ControlCallbackError in that cell. Not awaited: like ipykernel's comm handlers, a callback
   * cannot hold the shell, and an async one goes on as a timer would.
   */
  protected call(callback: string, fn: () => unknown): void {
    const fail = (e: unknown) => this.errors.report(new ControlCallbackError(this.model.label, callback, e));
    this.inCell(() =>
      outsideStoppedWork(() =>
        cellOutputStorage.run(this.callbackOutput, () => {
          try {
            const result = fn();
            if (result !== null && typeof (result as PromiseLike<unknown>)?.then === "function") {
              (result as PromiseLike<unknown>).then(undefined, fail);
            }
          } catch (e) {
            fail(e);
          }
        }),
      ),
    );
  }
}

/**
 * Runs fn outside the making cell's CellWork once an interrupt has stopped it: that work refuses
 * new timers, and a callback the user triggers later (a button that starts a stream) must work.
 */
function outsideStoppedWork<R>(fn: () => R): R {
  return cellWorkStorage.getStore()?.stopped ? cellWorkStorage.exit(fn) : fn();
}

function textOf(v: unknown): string {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(textOf).join(", ")}]`;
  return String(v);
}
