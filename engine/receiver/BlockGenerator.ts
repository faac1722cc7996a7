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
  /** Stores a block; resolves (or returns) once it is stored. */
  pushBlock(records: T[], storedAt: number, metadata?: Record<string, unknown>): void | Promise<void>;
  /** Records waiting for the rate limiter reached the high-water mark: the source should pause. */
  pause(): void;
  /** They fell back to the low-water mark: the source may read again. */
  resume(): void;
  /** A block of records stored one by one could not be stored (nobody awaits those). */
  pushFailed(error: unknown): void;
}

/** The shortest wait between two admissions of a rate-limited receiver, in ms of its clock. */
const MIN_DRAIN_MS = 5;

/**
 * Spark's BlockGenerator: records a receiver stores one at a time go into the current buffer,
 * which becomes a block every block interval — and at every batch boundary (`cut`), so a batch
 * holds exactly what was stored in its interval, without waiting for the next tick.
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

  constructor(
    private readonly clock: Clock,
    private readonly blockIntervalMs: number,
    private readonly limiter: RateLimiter,
    private readonly sink: BlockSink<T>,
  ) {}

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
      : Math.max(64, Math.ceil((rate * this.blockIntervalMs) / 1000));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleTick(this.clock.now() + this.blockIntervalMs);
  }

  /** Adds one record; false when the source should pause (it is kept all the same). */
  add(record: T): boolean {
    if (this.waiting.length === 0 && this.limiter.take(1, false) === 1) {
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
    if (this.waiting.length === 0 && this.limiter.takeBlock(records.length, false)) {
      return this.pushWhole(records, metadata);
    }
    return new Promise<void>((done, failed) => {
      this.waiting.push({ block: records, metadata, done, failed });
      this.waitingRecords += records.length;
      this.scheduleDrain();
    });
  }

  /** Holds the receiver to `rate` records/s from now on (undefined: no limit). */
  setRate(rate: number | undefined): void {
    this.drain();
    this.limiter.setRate(rate, this.waiting.length > 0);
    this.cancelDrain?.();
    this.cancelDrain = undefined;
    this.scheduleDrain();
  }

  /** Admits what the rate allows by now, then makes the current buffer a block (a batch boundary). */
  cut(): void {
    this.drain();
    this.flushCurrent();
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
    for (const w of this.waiting.splice(0)) {
      if ("records" in w) for (let i = w.start; i < w.records.length; i++) this.current.push(w.records[i]!);
      else {
        this.flushCurrent();
        this.pushWhole(w.block, w.metadata).then(w.done, w.failed);
      }
    }
    this.waitingRecords = 0;
    this.flushCurrent();
  }

  private pushWhole(records: T[], metadata: Record<string, unknown> | undefined): Promise<void> {
    // Records stored one by one before this block come first: they go into an earlier block.
    this.flushCurrent();
    try {
      return Promise.resolve(this.sink.pushBlock(records, this.clock.now(), metadata));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  private flushCurrent(): void {
    if (this.current.length === 0) return;
    const records = this.current;
    this.current = [];
    try {
      const stored = this.sink.pushBlock(records, this.clock.now());
      if (stored) stored.catch((e) => this.sink.pushFailed(e));
    } catch (e) {
      this.sink.pushFailed(e);
    }
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const head = this.waiting[0]!;
      if ("records" in head) {
        const n = this.limiter.take(head.records.length - head.start, true);
        for (let i = head.start; i < head.start + n; i++) this.current.push(head.records[i]!);
        head.start += n;
        this.waitingRecords -= n;
        if (head.start < head.records.length) break;
      } else {
        if (!this.limiter.takeBlock(head.block.length, true)) break;
        this.waitingRecords -= head.block.length;
        this.pushWhole(head.block, head.metadata).then(head.done, head.failed);
      }
      this.waiting.shift();
    }
    if (this.paused && this.waitingRecords <= this.highWaterMark / 2) {
      this.paused = false;
      this.sink.resume();
    }
  }

  private scheduleTick(at: number): void {
    this.cancelTick = this.clock.schedule(at, () => {
      if (!this.running) return;
      this.cut();
      this.scheduleTick(at + this.blockIntervalMs);
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
