import type { CellOutput } from "../output";
import { cellTraceback } from "../traceback/cellTraceback";

/** Distinct errors shown in full per control; past that only counted, as for streams. */
const MAX_DISTINCT = 5;

/**
 * Shows a control's errors (a front-end message it cannot apply, a callback that threw) as
 * `error` outputs in the cell that made the control. A slider dragged with continuous updates
 * sends tens of messages a second, so an error that repeats is shown once and then counted on
 * stderr after 10, 100, 1000… repeats; after 5 distinct errors, new kinds are only counted.
 *
 * @example
 * const errors = new ErrorReporter(output);
 * errors.report(new ControlCallbackError("FloatSlider \"decay\"", "onChange", e));
 */
export class ErrorReporter {
  private readonly counts = new Map<string, number>();
  private other = 0;

  constructor(private readonly output: CellOutput) {}

  report(error: Error): void {
    const key = `${error.name}: ${error.message}`;
    if (!this.counts.has(key) && this.counts.size >= MAX_DISTINCT) {
      this.other++;
      if (isPowerOfTen(this.other)) {
        this.output.stream(
          "stderr",
          `[dstream-lab] ${this.other} more errors of other kinds so far; the latest: ${key}\n`,
        );
      }
      return;
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    if (n === 1) this.output.error(error.name, error.message, traceback(error));
    else if (isPowerOfTen(n)) {
      this.output.stream("stderr", `[dstream-lab] the same error happened ${n} times so far: ${key}\n`);
    }
  }
}

/** The error's line, then what it wraps with the cause's frames in the user's cells. */
function traceback(error: Error): string[] {
  const lines = [`${error.name}: ${error.message}`];
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) lines.push(`${cause.name}: ${cause.message}`, ...cellTraceback(cause.stack));
  return lines;
}

function isPowerOfTen(n: number): boolean {
  return /^10+$/.test(String(n));
}
