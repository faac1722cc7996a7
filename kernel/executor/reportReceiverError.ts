import type { ReceiverInfo } from "../../engine";
import { type CellOutput, currentOutput } from "../output";

/** Distinct receiver errors given a line per cell; past that the monitor alone shows them. */
const MAX_DISTINCT = 5;

const seen = new WeakMap<CellOutput, Set<string>>();

/**
 * One stderr line per distinct receiver error, in the cell whose async context the error arrives
 * in: the cell that started the context, where the receivers run (their sockets and restart
 * timers were created there). A receiver retrying a peer that is not there fails the same way on
 * every restart, so a repeat of the same receiver and message adds nothing; after 5 distinct
 * errors in one cell (say, a message naming each bad record) a last line says the rest are in
 * `monitor(ssc)`, which shows every receiver's state, counts and latest error. Not an `error`
 * output: the receiver restarts and the stream goes on, and the cell did not fail.
 *
 * @example ssc.addStreamingListener({ onReceiverError: reportReceiverError })
 */
export function reportReceiverError(info: ReceiverInfo): void {
  const message = info.lastErrorMessage ?? "an error without a message";
  const line = `[dstream-lab] receiver ${info.name} (${info.state}): ${message}\n`;
  const out = currentOutput();
  if (!out) {
    process.stderr.write(line);
    return;
  }
  let cell = seen.get(out);
  if (!cell) {
    cell = new Set();
    seen.set(out, cell);
  }
  const key = `${info.name}\u0000${message}`;
  if (cell.has(key) || cell.size > MAX_DISTINCT) return;
  cell.add(key);
  if (cell.size <= MAX_DISTINCT) out.stream("stderr", line);
  else
    out.stream(
      "stderr",
      "[dstream-lab] more receiver errors follow; to keep this cell readable they are not printed. " +
        "monitor(ssc) shows each receiver's state and latest error.\n",
    );
}
