import type { Clock } from "../time/Clock";

const EPSILON = 1e-6;

/**
 * A receiver's rate limit on the context's clock (Spark's receiver RateLimiter): permits accrue
 * at `rate` per second and each admitted record spends one. Unused permits are kept until the
 * next batch boundary (`newInterval`) and dropped there, so a batch never holds more than
 * rate × interval, while a receiver that could not read for a while — on one thread, the batch
 * being processed holds the event loop — may catch up within the same interval. `rate` undefined
 * means no limit.
 *
 * Counting permits from the clock (rather than sleeping) makes a limit exact per batch on a
 * ManualClock: at 10 records/s a 1 s batch of a source that offers more holds exactly 10.
 *
 * @example
 * const limiter = new RateLimiter(clock, 100);
 * limiter.take(500); // how many of 500 waiting records may go now
 */
export class RateLimiter {
  private permits = 0;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private limit: number | undefined,
    /** A reliable block waits for at most this many seconds of permits, then goes in whole. */
    private readonly blockBurstSeconds = 0.02,
  ) {
    this.last = clock.now();
  }

  /** Records per second, or undefined when unlimited. */
  get rate(): number | undefined {
    return this.limit;
  }

  /** Changes the rate from now on; permits accrued until now are counted at the old rate. */
  setRate(rate: number | undefined): void {
    this.refill();
    this.limit = rate;
  }

  /**
   * A batch boundary at `atMs` has passed: whole permits left unused are dropped (a fraction and
   * any debt carry over), so the new batch's records are what its own interval allows.
   */
  newInterval(atMs: number): void {
    this.refill(Math.min(atMs, this.clock.now()));
    if (this.permits > 0) this.permits -= Math.floor(this.permits + EPSILON);
    if (this.permits < 0 && this.permits > -EPSILON) this.permits = 0;
  }

  /** Spends up to `wanted` whole permits now and returns how many. */
  take(wanted: number): number {
    if (this.limit === undefined) return wanted;
    this.refill();
    // Permits add up in fractions (30/s over 5 ms ticks): forgive float rounding, or a whole
    // permit summed to 0.9999999 would slip into the next batch.
    const n = Math.max(0, Math.min(wanted, Math.floor(this.permits + EPSILON)));
    this.permits -= n;
    return n;
  }

  /**
   * Spends `size` permits at once if at least min(size, burst) are there, going into debt for the
   * rest (records after it wait until the debt is paid): a reliable block is admitted whole.
   */
  takeBlock(size: number): boolean {
    if (this.limit === undefined) return true;
    this.refill();
    if (this.permits + EPSILON < Math.min(size, this.burst)) return false;
    this.permits -= size;
    return true;
  }

  /**
   * Milliseconds from now until `n` records may go (0 when unlimited or already so): `n` permits,
   * or for a block larger than the burst, the burst (takeBlock goes into debt for the rest).
   */
  msUntil(n: number): number {
    if (this.limit === undefined) return 0;
    const need = Math.min(n, this.burst);
    return this.permits + EPSILON >= need ? 0 : ((need - this.permits) / this.limit) * 1000;
  }

  /** The permits a reliable block waits for at most: blockBurstSeconds of the rate, at least one. */
  private get burst(): number {
    return Math.max(1, (this.limit ?? 0) * this.blockBurstSeconds);
  }

  private refill(to = this.clock.now()): void {
    if (to <= this.last) return;
    if (this.limit !== undefined) this.permits += ((to - this.last) / 1000) * this.limit;
    this.last = to;
  }
}
