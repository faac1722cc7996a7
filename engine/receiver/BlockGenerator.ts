import type { Clock } from "../time/Clock";
import type { RateLimiter } from "./RateLimiter";

/** A run of records stored one by one, waiting for the rate limiter. */
interface WaitingRecords<T> {
  records: T[];
  /** How many of `records` have been admitted already. */
  start: number;
}

/** A reliable block (Receiver.storeBlock), admitted whole once the rate allows. */
interface WaitingBlock<T> {
  block: T[];
  metadata: Record<string, unknown> | undefined;
  done: () => void;
  failed: (e: unknown) => void;
}

type Waiting<T> = WaitingRecords<T> | WaitingBlock<T>;

/** What a BlockGenerator hands its blocks to and tells about flow control. */
export interface BlockSink<T> {
  /**
   * Stores a block whose records belong to the interval ending at `storedAt` (a time on the cut
   * grid, or the time a reliable block was handed over); resolves (or returns) once stored.
   */
  pushBlock(records: T[], storedAt: number, metadata?: Record<string, unknown>): void | Promise<void>;
  /** Records waiting for the rate limiter reached the high-water mark: the source should pause. */
  pause(): void;
  /** They fell back to the low-water mark: the source may read again. */
  resume(): void;
  /** A block of records stored one by one could not be stored (nobody awaits those). */
  pushFailed(error: unknown): void;
}

/** Where blocks are cut: every block interval and every batch boundary, counted from zero time. */
export interface CutGrid {
  zeroMs: number;
  blockIntervalMs: number;
  batchIntervalMs: number;
}

/** The shortest wait between two admissions of a rate-limited receiver, in ms of its clock. */
const MIN_DRAIN_MS = 5;

/**
 * Spark's BlockGenerator: records a receiver stores one at a time go into the current buffer,
 * which becomes a block at every block interval and at every batch boundary — so a batch holds
 * exactly what was stored in its interval.
 *
 * The cut times form a grid from the context's zero time. On one thread a timer can fire late
 * (a long partition holds the event loop), so the generator also checks the time once per turn of
 * the event loop in which records arrive: records stored before a grid time are cut into a block
 * labelled with that time even when its timer has not fired yet, and a late batch does not take
 * records that arrived after its time (which would leave the next batch empty, then double).
 *
 * With a rate limit, records wait in order until the limiter admits them; nothing is dropped.
 * When the records waiting reach the high-water mark, the sink is told to pause the source (TCP
 * stops reading, so the peer's writes block), which keeps memory bounded; below the low-water
 * mark it is told to resume.
 */
export class BlockGenerator<T> {
  private current: T[] = [];
  private readonly waiting: Waiting<T>[] = [];
  private waitingRecords = 0;
  private paused = false;
  private cancelTick: (() => void) | undefined;
  private cancelDrain: (() => void) | undefined;
  private running = false;
  private grid: CutGrid;
  /** The next grid time: records in `current` were all stored before it. */
  private nextCutAt = Number.POSITIVE_INFINITY;
  /** Set once this turn of the event loop has checked the time (cleared by a microtask). */
  private timeChecked = false;
  private readonly clearTimeChecked = () => {
    this.timeChecked = false;
  };

  constructor(
    private readonly clock: Clock,
    blockIntervalMs: number,
    private readonly limiter: RateLimiter,
    private readonly sink: BlockSink<T>,
  ) {
    this.grid = { zeroMs: clock.now(), blockIntervalMs, batchIntervalMs: blockIntervalMs };
  }

  /** Records stored but not in a block yet (buffered or waiting for the rate limiter). */
  get bufferedRecords(): number {
    return this.current.length + this.waitingRecords;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The count of waiting records at which the source is paused: a block interval at the rate. */
  get highWaterMark(): number {
    const rate = this.limiter.rate;
    return rate === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(64, Math.ceil((rate * this.grid.blockIntervalMs) / 1000));
  }

  /** Starts cutting blocks on `grid` (by default every block interval from now). */
  start(grid?: CutGrid): void {
    if (this.running) return;
    this.running = true;
    if (grid) this.grid = grid;
    this.nextCutAt = this.gridAfter(this.clock.now());
    this.scheduleTick();
  }

  /** Adds one record; false when the source should pause (it is kept all the same). */
  add(record: T): boolean {
    if (!this.timeChecked) this.checkTime();
    if (this.waiting.length === 0 && this.limiter.take(1) === 1) {
      this.current.push(record);
      return true;
    }
    const last = this.waiting[this.waiting.length - 1];
    if (last && "records" in last) last.records.push(record);
    else this.waiting.push({ records: [record], start: 0 });
    this.waitingRecords++;
    if (!this.paused && this.waitingRecords >= this.highWaterMark) {
      this.paused = true;
      this.sink.pause();
    }
    this.scheduleDrain();
    return !this.paused;
  }

  /** Stores `records` as one block once the rate allows; resolves when it is stored. */
  addBlock(records: T[], metadata?: Record<string, unknown>): Promise<void> {
    this.crossTo(this.clock.now());
    if (this.waiting.length === 0 && this.limiter.takeBlock(records.length)) {
      return this.pushWhole(records, metadata, this.clock.now());
    }
    return new Promise<void>((done, failed) => {
      this.waiting.push({ block: records, metadata, done, failed });
      this.waitingRecords += records.length;
      this.scheduleDrain();
    });
  }

  /**
   * Cuts what was stored before the latest grid time that has passed, admitting what the rate
   * allowed by then. `atLeast`: the batch being generated, whose boundary counts as passed even
   * if its timer fired a millisecond early (timers and Date.now() round differently).
   */
  cut(atLeast = Number.NEGATIVE_INFINITY): void {
    this.crossTo(Math.max(this.clock.now(), atLeast));
  }

  /** Holds the receiver to `rate` records/s from now on (undefined: no limit). */
  setRate(rate: number | undefined): void {
    this.drain();
    this.limiter.setRate(rate);
    this.cancelDrain?.();
    this.cancelDrain = undefined;
    this.scheduleDrain();
  }

  /**
   * Stops the ticks and stores everything already accepted, ignoring the rate: records a receiver
   * stored were taken from its source, and must not vanish because it stopped.
   */
  stop(): void {
    this.running = false;
    this.cancelTick?.();
    this.cancelDrain?.();
    this.cancelTick = this.cancelDrain = undefined;
    const now = this.clock.now();
    for (const w of this.waiting.splice(0)) {
      if ("records" in w) for (let i = w.start; i < w.records.length; i++) this.current.push(w.records[i]!);
      else {
        this.pushWhole(w.block, w.metadata, now).then(w.done, w.failed);
      }
    }
    this.waitingRecords = 0;
    this.flushCurrent(now);
  }

  private checkTime(): void {
    this.timeChecked = true;
    queueMicrotask(this.clearTimeChecked);
    this.crossTo(this.clock.now());
  }

  /**
   * If `now` has passed the next grid time, the current buffer (all stored before it) becomes a
   * block of that time, after admitting what the rate allowed until now.
   */
  private crossTo(now: number): void {
    if (now < this.nextCutAt) return;
    this.admit(this.nextCutAt);
    this.flushCurrent(this.nextCutAt);
    // A batch boundary among the grid times passed starts a new rate budget.
    const { zeroMs, batchIntervalMs } = this.grid;
    const boundary = zeroMs + Math.floor((now - zeroMs) / batchIntervalMs) * batchIntervalMs;
    if (boundary >= this.nextCutAt) this.limiter.newInterval(boundary);
    this.nextCutAt = this.gridAfter(now);
  }

  /** The first grid time after `t`: a block tick or a batch boundary, whichever comes first. */
  private gridAfter(t: number): number {
    const { zeroMs, blockIntervalMs, batchIntervalMs } = this.grid;
    const next = (step: number) => zeroMs + (Math.floor((t - zeroMs) / step) + 1) * step;
    return Math.min(next(blockIntervalMs), next(batchIntervalMs));
  }

  private pushWhole(
    records: T[],
    metadata: Record<string, unknown> | undefined,
    storedAt: number,
  ): Promise<void> {
    // Records stored one by one before this block come first: they go into an earlier block.
    this.flushCurrent(storedAt);
    try {
      return Promise.resolve(this.sink.pushBlock(records, storedAt, metadata));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private flushCurrent(storedAt: number): void {
    if (this.current.length === 0) return;
    const records = this.current;
    this.current = [];
    try {
      const stored = this.sink.pushBlock(records, storedAt);
      if (stored) stored.catch((e) => this.sink.pushFailed(e));
    } catch (e) {
      this.sink.pushFailed(e);
    }
  }

  /** Crosses any grid time that has passed, then admits what the rate allows now. */
  private drain(): void {
    const now = this.clock.now();
    this.crossTo(now);
    this.admit(now);
  }

  /** Admits what the rate allows now; blocks stored meanwhile belong to the interval of `storedAt`. */
  private admit(storedAt: number): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0]!;
      if ("records" in head) {
        const n = this.limiter.take(head.records.length - head.start);
        for (let i = head.start; i < head.start + n; i++) this.current.push(head.records[i]!);
        head.start += n;
        this.waitingRecords -= n;
        if (head.start < head.records.length) break;
      } else {
        if (!this.limiter.takeBlock(head.block.length)) break;
        this.waitingRecords -= head.block.length;
        this.pushWhole(head.block, head.metadata, storedAt).then(head.done, head.failed);
      }
      this.waiting.shift();
    }
    if (this.paused && this.waitingRecords <= this.highWaterMark / 2) {
      this.paused = false;
      this.sink.resume();
    }
  }

  private scheduleTick(): void {
    const at = this.nextCutAt;
    this.cancelTick = this.clock.schedule(at, () => {
      if (!this.running) return;
      this.drain();
      this.scheduleTick();
    });
  }

  private scheduleDrain(): void {
    if (this.cancelDrain || !this.running || this.waiting.length === 0) return;
    const head = this.waiting[0]!;
    const wait = Math.max(MIN_DRAIN_MS, this.limiter.msUntil("records" in head ? 1 : head.block.length));
    this.cancelDrain = this.clock.schedule(this.clock.now() + wait, () => {
      this.cancelDrain = undefined;
      if (!this.running) return;
      this.drain();
      this.scheduleDrain();
    });
  }
}
