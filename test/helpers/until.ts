/**
 * Resolves once `condition()` holds, checking after every turn of the event loop — for what
 * arrives through real I/O (a socket's bytes, a POST) while the ManualClock stands still. Batches
 * never need it: they run when the test advances the clock. Fails after `timeoutMs` of wall time
 * saying what it waited for.
 *
 * @example
 * server.write("a\nb\n");
 * await until(() => stream.receiverInfo.recordsStored === 2, "both lines stored");
 * await clock.advance(Seconds(1));
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    // setImmediate alone would spin hot while a socket's bytes are still on their way.
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
  }
}
