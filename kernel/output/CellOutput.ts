/**
 * A Jupyter mime bundle: mime type → data. `text/plain` should always be present so every
 * front end (and nbconvert) has something to show.
 */
export type MimeBundle = Record<string, unknown>;

/**
 * Where a cell's output goes. The kernel makes one per execute_request; everything a cell
 * starts (streams, charts, timers) keeps a reference to the CellOutput of the cell that
 * defined it, so output lands in that cell and never in whichever cell is running now.
 *
 * The protocol layer implements it (iopub messages with the cell's parent header);
 * tests use a recording implementation.
 */
export interface CellOutput {
  /** Text on the cell's stdout or stderr (iopub `stream`). */
  stream(name: "stdout" | "stderr", text: string): void;
  /**
   * A rich output (iopub `display_data`). With `displayId`, the output can later be replaced
   * in place by `updateDisplay` (Jupyter's `transient.display_id`).
   */
  display(data: MimeBundle, options?: { metadata?: Record<string, unknown>; displayId?: string }): void;
  /** Replaces every output shown under `displayId` (iopub `update_display_data`). */
  updateDisplay(displayId: string, data: MimeBundle, options?: { metadata?: Record<string, unknown> }): void;
  /** An error raised by work the cell started, e.g. a stream function that throws (iopub `error`). */
  error(ename: string, evalue: string, traceback: string[]): void;
  /**
   * Clears the cell's output (iopub `clear_output`); with `wait`, only when the next output
   * arrives, which avoids flicker in animations. Optional: recording outputs may omit it.
   */
  clearOutput?(wait?: boolean): void;
  /**
   * A comm message (comm_open / comm_msg / comm_close) of a comm that something made in this cell
   * opened, e.g. a widget. The kernel publishes it with the shell request being handled as parent
   * (the running cell, or the front end's comm_msg), else this cell's request. Unlike the rest it
   * still goes out after the cell was interrupted: a control outlives the work of its cell.
   * Optional: outputs that cannot carry comms (silent executions, recording outputs) omit it.
   */
  commMessage?(
    msgType: "comm_open" | "comm_msg" | "comm_close",
    content: Record<string, unknown>,
    options?: { metadata?: Record<string, unknown>; buffers?: Buffer[] },
  ): void;
  /**
   * This cell's output for the callbacks of a control made here: the same cell, but not closed
   * when the cell is interrupted, since a click or a slider move later is the user's doing, not
   * the cell's background work. Optional: without it, controls use this output itself.
   */
  controlOutput?(): CellOutput;
}
