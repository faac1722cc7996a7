import { DStreamLabError } from "../../engine/errors";

/**
 * Errors of the widgets. Like the engine's, each message states the rule and the fix. Those
 * caused by kernel code are thrown to it; those caused by the front end or by a control's
 * callback are shown in the cell that made the control, and the kernel and streams go on.
 */

/** Options or a value that kernel code gave a control and that it cannot take; thrown to the caller. */
export class InvalidControlError extends DStreamLabError {}

/**
 * A message from the front end that a widget model cannot apply: no method, an unknown method,
 * a state value of the wrong type or out of range, an attribute the model does not have. Shown
 * in the cell that made the control; the model keeps its state and tells the front end so.
 */
export class WidgetMessageError extends DStreamLabError {}

/** A control's callback (onChange, onClick) threw or rejected; shown in the cell that made it. */
export class ControlCallbackError extends DStreamLabError {
  constructor(
    readonly control: string,
    readonly callback: string,
    override readonly cause: unknown,
  ) {
    super(
      `${control}: ${callback} threw ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}. ` +
        "The control and the streams keep running, and the next change calls it again. " +
        `Fix: make ${callback} handle every value the control can take (or catch inside it).`,
    );
  }
}

/**
 * A comm_open to `jupyter.widget` or `jupyter.widget.control` this kernel cannot serve: a widget
 * the front end made itself, or a protocol version it does not speak. The comm is closed and the
 * problem logged (no cell made it).
 */
export class UnsupportedWidgetError extends DStreamLabError {}
