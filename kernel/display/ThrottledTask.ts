import { setTimeout as sleep } from "node:timers/promises";

/** Wall time for ThrottledTask; tests pass a manual one. */
export interface ThrottleTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

// The wait is the display's, not the cell's: timers/promises is not the global setTimeout the
// kernel tracks per cell (trackTimers), so interrupting the cell cannot clear it and leave the task
// pending for good (a chart that never redraws, `await chart.idle()` that never resolves).
const wallTimer: ThrottleTimer = {
  now: () => performance.now(),
  sleep: (ms) => sleep(ms, undefined, { ref: false }),
};

/**
 * Runs an async task on request, at most one run at a time and at most one run per
 * `minIntervalMs`: requests made while a run is in flight (or waiting out the interval) coalesce
 * into ONE next run, which sees the latest state. This is what keeps a chart from slowing its
 * stream: a batch only marks the chart dirty; rendering happens later, once, for however many
 * batches arrived meanwhile.
 *
 * `maxBusyFraction` bounds the share of wall time the runs take: after a run of d ms, the next
 * starts no sooner than d / maxBusyFraction ms after that one started (so a slow render slows the
 * redraw rate, not the stream).
 *
 * The task is never started inside request() itself (it waits at least one event-loop turn), so
 * the caller — a batch's output operation — returns at once. A run that throws is passed to
 * `onError` and the task keeps serving requests.
 *
 * @example
 * const render = new ThrottledTask(async () => { view.update(await draw(latest)); }, { minIntervalMs: 250 });
 * stream.foreachRDD((rdd) => { latest = rdd.collect(); render.request(); });
 */
export class ThrottledTask {
  private dirty = false;
  private loop: Promise<void> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private readonly minIntervalMs: number;
  private readonly maxBusyFraction: number;
  private lastDuration = 0;
  private readonly timer: ThrottleTimer;
  private readonly onError: (e: unknown) => void;
  /** How many runs have started. */
  runs = 0;

  constructor(
    private readonly task: () => Promise<void> | void,
    options: {
      minIntervalMs?: number;
      maxBusyFraction?: number;
      timer?: ThrottleTimer;
      onError?: (e: unknown) => void;
    } = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 0;
    this.maxBusyFraction = options.maxBusyFraction ?? 1;
    this.timer = options.timer ?? wallTimer;
    this.onError = options.onError ?? (() => {});
  }

  /** Asks for a run; returns at once. */
  request(): void {
    if (this.stopped) return;
    this.dirty = true;
    this.loop ??= this.drain();
  }

  /** Resolves when no run is in flight or pending (every request so far has been served). */
  idle(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Serves no more requests; a run in flight finishes. */
  stop(): void {
    this.stopped = true;
    this.dirty = false;
  }

  private async drain(): Promise<void> {
    try {
      while (this.dirty && !this.stopped) {
        const interval = Math.max(this.minIntervalMs, this.lastDuration / this.maxBusyFraction);
        const wait = this.lastStart + interval - this.timer.now();
        if (wait > 0) await this.timer.sleep(wait);
        else await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.stopped) break;
        // Cleared before the run: a request during the run means the run may miss its data,
        // so it must cause one more run.
        this.dirty = false;
        this.lastStart = this.timer.now();
        this.runs++;
        try {
          await this.task();
        } catch (e) {
          this.onError(e);
        }
        this.lastDuration = this.timer.now() - this.lastStart;
      }
    } finally {
      this.loop = undefined;
    }
  }
}
