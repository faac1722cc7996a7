/**
 * Calls `emit(n)` every `tickMs` with the number of items due since the last call, so that `n`
 * summed over time follows `perSecond` (the first item at once). A consumer that fell behind (the
 * event loop was busy) catches up by at most one second's worth: a replay keeps its rate rather
 * than bursting everything it missed. Returns a function that stops it.
 *
 * @example
 * const stop = pace(100, (n) => socket.write(nextLines(n)));
 */
export function pace(perSecond: number, emit: (n: number) => void, tickMs = 50): () => void {
  const start = performance.now();
  const maxBurst = Math.max(1, Math.ceil(perSecond));
  let emitted = 0;
  const tick = () => {
    const due = Math.floor(((performance.now() - start) * perSecond) / 1000) + 1;
    if (due - emitted > maxBurst) emitted = due - maxBurst;
    const n = due - emitted;
    if (n <= 0) return;
    emitted = due;
    emit(n);
  };
  const timer = setInterval(tick, tickMs);
  tick();
  return () => clearInterval(timer);
}
