import type { CellOutput, MimeBundle } from "../../../kernel/output";

/** A comm message a cell's output carried. */
export interface SentComm {
  msgType: "comm_open" | "comm_msg" | "comm_close";
  content: Record<string, any>;
  metadata: Record<string, unknown> | undefined;
}

/**
 * A cell's output for widget tests: records what the cell shows (displays, stdout/stderr, errors)
 * and the comm messages its controls send, instead of publishing iopub messages.
 */
export class RecordingCommOutput implements CellOutput {
  readonly displays: MimeBundle[] = [];
  readonly errors: { ename: string; evalue: string; traceback: string[] }[] = [];
  readonly streams: { name: string; text: string }[] = [];
  readonly comms: SentComm[] = [];

  constructor(
    /** Called with every comm message, e.g. to feed a FakeFrontEnd. */
    private readonly onComm: (m: SentComm) => void = () => {},
  ) {}

  stream(name: "stdout" | "stderr", text: string): void {
    this.streams.push({ name, text });
  }

  display(data: MimeBundle): void {
    this.displays.push(data);
  }

  updateDisplay(): void {}

  error(ename: string, evalue: string, traceback: string[]): void {
    this.errors.push({ ename, evalue, traceback });
  }

  commMessage(
    msgType: SentComm["msgType"],
    content: Record<string, unknown>,
    options?: { metadata?: Record<string, unknown> },
  ): void {
    const m = { msgType, content, metadata: options?.metadata };
    this.comms.push(m);
    this.onComm(m);
  }

  get stdout(): string {
    return this.streams.flatMap((s) => (s.name === "stdout" ? [s.text] : [])).join("");
  }

  get stderr(): string {
    return this.streams.flatMap((s) => (s.name === "stderr" ? [s.text] : [])).join("");
  }
}
