import { type ManualClock, Milliseconds, type ReceiverInfo, type StreamingContext } from "../../engine";

/** Every receiver error a context reports, as its message. */
export function errorMessages(ssc: StreamingContext): string[] {
  const messages: string[] = [];
  ssc.addStreamingListener({
    onReceiverError: (info: ReceiverInfo) => messages.push(info.lastErrorMessage ?? ""),
  });
  return messages;
}

/**
 * Advances the clock 200 ms at a time until `done()`, or fails after `timeoutMs` of wall time:
 * for a receiver fed by a real broker, whose records arrive on their own schedule.
 */
export async function advanceUntil(
  clock: ManualClock,
  done: () => boolean,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 2));
    await clock.advance(Milliseconds(200));
  }
}
