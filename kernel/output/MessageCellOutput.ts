import type { CellOutput, MimeBundle } from "./CellOutput";

/**
 * Publishes one iopub message (type, content, and for comm messages metadata and buffers); the
 * kernel picks the parent: the cell's execute_request, or for update_display_data and comm
 * messages the request being handled now (see KernelHandler).
 */
export type PublishToCell = (
  msgType: string,
  content: Record<string, unknown>,
  options?: { metadata?: Record<string, unknown>; buffers?: Buffer[] },
) => void;

/**
 * The kernel's CellOutput: each call becomes an iopub message whose parent is the execute_request
 * of the cell, so Jupyter shows it in that cell however late it comes. After close() (the cell
 * was interrupted) further output is dropped, except comm messages: a widget made by the cell
 * stays live.
 *
 * @example
 * const out = new MessageCellOutput((type, content) => iopub.publish(request, type, content));
 * cellOutputStorage.run(out, () => console.log("lands in this cell"));
 */
export class MessageCellOutput implements CellOutput {
  private closed = false;

  constructor(private readonly publish: PublishToCell) {}

  /** Drops all later output: an interrupted cell must not keep printing. */
  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  stream(name: "stdout" | "stderr", text: string): void {
    if (text.length > 0) this.send("stream", { name, text });
  }

  display(data: MimeBundle, options: { metadata?: Record<string, unknown>; displayId?: string } = {}): void {
    this.send("display_data", {
      data,
      metadata: options.metadata ?? {},
      transient: options.displayId === undefined ? {} : { display_id: options.displayId },
    });
  }

  updateDisplay(
    displayId: string,
    data: MimeBundle,
    options: { metadata?: Record<string, unknown> } = {},
  ): void {
    this.send("update_display_data", {
      data,
      metadata: options.metadata ?? {},
      transient: { display_id: displayId },
    });
  }

  error(ename: string, evalue: string, traceback: string[]): void {
    this.send("error", { ename, evalue, traceback });
  }

  clearOutput(wait = false): void {
    this.send("clear_output", { wait });
  }

  commMessage(
    msgType: "comm_open" | "comm_msg" | "comm_close",
    content: Record<string, unknown>,
    options?: { metadata?: Record<string, unknown>; buffers?: Buffer[] },
  ): void {
    // Not dropped after close(): interrupting a cell stops its streams and timers, not its controls.
    this.publish(msgType, content, options);
  }

  /** A second output for the same cell that close() does not reach: see CellOutput.controlOutput. */
  controlOutput(): MessageCellOutput {
    return new MessageCellOutput(this.publish);
  }

  private send(msgType: string, content: Record<string, unknown>): void {
    if (!this.closed) this.publish(msgType, content);
  }
}
