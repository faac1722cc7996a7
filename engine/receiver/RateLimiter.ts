import type { Clock } from "../time/Clock";

const EPSILON = 1e-6;

/**
 * A token bucket on the context's clock (Spark's receiver RateLimiter, after Guava's): permits
 * accrue at `rate` per second and each admitted record spends one. While records wait, permits
 * accrue without limit and are all spent; while nothing waits, at most `burst` are kept, so an idle
 * source cannot save up a flood. `rate` undefined means no limit.
 *
 * Counting permits from the clock (rather than sleeping) makes a limit exact per batch on a
 * ManualClock: at 10 records/s a 1 s batch of a source that offers more holds exactly 10.
 *
 * @example
 * const limiter = new RateLimiter(clock, 100);
 * limiter.take(500, true); // how many of 500 waiting records may go now
 */
export class RateLimiter {
  private permits = 0;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private limit: number | undefined,
    /** Seconds of permits an idle limiter keeps (at least one permit). */
    private readonly burstSeconds = 0.02,
  ) {
    this.last = clock.now();
  }

  /** Records per second, or undefined when unlimited. */
  get rate(): number | undefined {
    return this.limit;
  }

  /** Changes the rate from now on; permits accrued until now are counted at the old rate. */
  setRate(rate: number | undefined, waiting: boolean): void {
    this.refill(waiting);
    this.limit = rate;
  }

  /** Spends up to `wanted` whole permits now and returns how many; `waiting`: records are queued. */
  take(wanted: number, waiting: boolean): number {
    if (this.limit === undefined) return wanted;
    this.refill(waiting);
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
  takeBlock(size: number, waiting: boolean): boolean {
    if (this.limit === undefined) return true;
    this.refill(waiting);
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

  /** Permits an idle limiter keeps: burstSeconds of the rate, at least one. */
  private get burst(): number {
    return Math.max(1, (this.limit ?? 0) * this.burstSeconds);
  }

  private refill(waiting: boolean): void {
    const now = this.clock.now();
    if (this.limit !== undefined) {
      this.permits += ((now - this.last) / 1000) * this.limit;
      if (!waiting) this.permits = Math.min(this.permits, this.burst);
    }
    this.last = now;
  }
}
