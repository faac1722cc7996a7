import type { CellOutput, MimeBundle } from "../../../kernel/output";

/** One call a RecordingOutput received. */
export type RecordedCall =
  | { kind: "stream"; name: "stdout" | "stderr"; text: string }
  | { kind: "display"; data: MimeBundle; displayId: string | undefined }
  | { kind: "update"; data: MimeBundle; displayId: string }
  | { kind: "error"; ename: string; evalue: string; traceback: string[] };

/**
 * A stand-in for the kernel's CellOutput that records every call instead of sending iopub
 * messages, so display tests can assert what a cell would show.
 */
export class RecordingOutput implements CellOutput {
  readonly calls: RecordedCall[] = [];

  stream(name: "stdout" | "stderr", text: string): void {
    this.calls.push({ kind: "stream", name, text });
  }

  display(data: MimeBundle, options?: { displayId?: string }): void {
    this.calls.push({ kind: "display", data, displayId: options?.displayId });
  }

  updateDisplay(displayId: string, data: MimeBundle): void {
    this.calls.push({ kind: "update", data, displayId });
  }

  error(ename: string, evalue: string, traceback: string[]): void {
    this.calls.push({ kind: "error", ename, evalue, traceback });
  }

  get displays(): Extract<RecordedCall, { kind: "display" }>[] {
    return this.calls.filter((c) => c.kind === "display");
  }

  get updates(): Extract<RecordedCall, { kind: "update" }>[] {
    return this.calls.filter((c) => c.kind === "update");
  }

  get errors(): Extract<RecordedCall, { kind: "error" }>[] {
    return this.calls.filter((c) => c.kind === "error");
  }

  get stderr(): string {
    return this.calls.flatMap((c) => (c.kind === "stream" && c.name === "stderr" ? [c.text] : [])).join("");
  }

  /** The bundle the display shows now: its last update, or what it was first shown with. */
  latest(displayId: string): MimeBundle | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const c = this.calls[i]!;
      if ((c.kind === "update" || c.kind === "display") && c.displayId === displayId) return c.data;
    }
    return undefined;
  }
}
