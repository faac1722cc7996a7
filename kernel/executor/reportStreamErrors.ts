import { BatchFailedError, type StreamingContext, type StreamingListener } from "../../engine";
import { type CellOutput, currentOutput } from "../output";
import { exceptionOutcome } from "./errorOutcome";
import { reportReceiverError } from "./reportReceiverError";

const attached = new WeakSet<StreamingContext>();
const seen = new WeakMap<CellOutput, { counts: Map<string, number>; other: number }>();

/** Distinct failures shown in full per cell; past that (say, a message naming each record) only counts. */
const MAX_DISTINCT = 5;

/**
 * Reports the failures of a StreamingContext's batches as `error` outputs in the cell that defined
 * the failing output operation (the engine posts onError in that operation's async context).
 * A failure that repeats every batch is shown once, then summarised on stderr after 10, 100,
 * 1000… repeats; after 5 distinct failures in one cell, further kinds are only counted the same
 * way. So a broken stream does not flood the notebook. Receiver errors (the receiver restarts;
 * nothing failed) get a stderr line each, once per distinct message: see reportReceiverError.
 * Idempotent per context.
 */
export function reportStreamErrors(ssc: StreamingContext): void {
  if (attached.has(ssc)) return;
  attached.add(ssc);
  const listener: StreamingListener = {
    onError: (e) => reportStreamError(e),
    onReceiverError: (info) => reportReceiverError(info),
  };
  ssc.addStreamingListener(listener);
}

function reportStreamError(error: Error): void {
  const out = currentOutput();
  if (!out) {
    console.error(`[dstream-lab] ${error.message}`);
    return;
  }
  const cause = error instanceof BatchFailedError ? error.cause : error;
  const key = `${error instanceof BatchFailedError ? error.outputOperation : ""}\u0000${
    cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
  }`;
  let cell = seen.get(out);
  if (!cell) {
    cell = { counts: new Map(), other: 0 };
    seen.set(out, cell);
  }
  if (!cell.counts.has(key) && cell.counts.size >= MAX_DISTINCT) {
    cell.other++;
    if (isPowerOfTen(cell.other)) {
      out.stream(
        "stderr",
        `[dstream-lab] ${cell.other} more failures of other kinds so far; the latest: ${error.message}\n`,
      );
    }
    return;
  }
  const n = (cell.counts.get(key) ?? 0) + 1;
  cell.counts.set(key, n);
  if (n === 1) {
    const shown = exceptionOutcome(error);
    const causeFrames = cause instanceof Error ? exceptionOutcome(cause).traceback : [];
    out.error(shown.ename, shown.evalue, [shown.traceback[0], ...causeFrames]);
  } else if (isPowerOfTen(n)) {
    out.stream("stderr", `[dstream-lab] the same failure happened ${n} times so far: ${error.message}\n`);
  }
}

function isPowerOfTen(n: number): boolean {
  return /^10+$/.test(String(n));
}
