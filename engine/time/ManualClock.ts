import { InvalidDurationError } from "../errors";
import type { Clock } from "./Clock";
import { type Duration, requireDuration } from "./Duration";

interface ScheduledTask {
  timeMs: number;
  seq: number;
  task: () => unknown;
}

/**
 * A clock that moves only when told to: virtual time for tests and step-by-step teaching.
 * `advance` runs every task due on the way, in time order, and waits for each (a batch's output
 * operations included) before it resolves — so nothing ever sleeps to wait for a batch.
 *
 * @example
 * const clock = new ManualClock();
 * const ssc = new StreamingContext(sc, Seconds(1), { clock });
 * // ... define streams, ssc.start()
 * await clock.advance(Seconds(2)); // batches at 1000 ms and 2000 ms have run
 */
export class ManualClock implements Clock {
  private time: number;
  private tasks: ScheduledTask[] = [];
  private seq = 0;
  private moving: Promise<void> = Promise.resolve();

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  schedule(timeMs: number, task: () => unknown): () => void {
    const entry = { timeMs, seq: this.seq++, task };
    this.tasks.push(entry);
    return () => {
      const i = this.tasks.indexOf(entry);
      if (i >= 0) this.tasks.splice(i, 1);
    };
  }

  /** Moves time forward by `d`, running (and awaiting) every task due on the way. */
  advance(d: Duration): Promise<void> {
    // advance(1000) would make the target NaN, every task "due", and the batch loop endless.
    const ms = requireDuration(d, "ManualClock.advance's argument").milliseconds;
    return this.enqueue(() => this.time + ms);
  }

  /** Moves time to `timeMs` (never backwards), running every task due on the way. */
  setTime(timeMs: number): Promise<void> {
    if (!Number.isFinite(timeMs)) {
      throw new InvalidDurationError(
        `ManualClock.setTime needs a finite time in milliseconds; got ${timeMs}. Fix: pass e.g. 5000.`,
      );
    }
    return this.enqueue(() => Math.max(this.time, timeMs));
  }

  // Calls to advance() made before an earlier one finished run after it, in call order.
  private enqueue(target: () => number): Promise<void> {
    const run = this.moving.then(() => this.runUntil(target()));
    this.moving = run.catch(() => {});
    return run;
  }

  private async runUntil(target: number): Promise<void> {
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.tasks.splice(this.tasks.indexOf(next), 1);
      this.time = Math.max(this.time, next.timeMs);
      await next.task();
    }
    this.time = target;
  }

  private nextDue(target: number): ScheduledTask | undefined {
    let best: ScheduledTask | undefined;
    for (const t of this.tasks) {
      if (t.timeMs > target) continue;
      if (!best || t.timeMs < best.timeMs || (t.timeMs === best.timeMs && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
