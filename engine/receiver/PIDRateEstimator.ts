import { IllegalArgumentError } from "../errors";

/** The PID controller's gains and floor (Spark's spark.streaming.backpressure.pid.* settings). */
export interface PIDOptions {
  /** Weight of the latest error (default 1.0). */
  proportional?: number;
  /** Weight of the accumulated error, read from the scheduling delay (default 0.2). */
  integral?: number;
  /** Weight of the error's rate of change (default 0.0). */
  derivative?: number;
  /** The lowest rate it ever proposes, in records/s, so some data always flows (default 100). */
  minRate?: number;
}

/**
 * Spark's PIDRateEstimator: after each batch, a new ingestion rate (records/s) from how fast the
 * batch was processed. The error is the gap between the rate it set last time and the rate the
 * pipeline achieved; the scheduling delay stands for the errors accumulated so far (records that
 * overflowed earlier batches). The first batch only calibrates and proposes nothing.
 *
 * @example
 * const pid = new PIDRateEstimator(1000);
 * pid.compute(1000, 5000, 1000, 0);   // undefined: first batch, calibrates at 5000/s
 * pid.compute(2000, 5000, 2000, 500); // 2500 - 0.2·(500·2500/1000) = 2250
 */
export class PIDRateEstimator {
  readonly proportional: number;
  readonly integral: number;
  readonly derivative: number;
  readonly minRate: number;
  private firstRun = true;
  private latestTime = -1;
  private latestRate = -1;
  private latestError = -1;

  constructor(
    readonly batchIntervalMs: number,
    options: PIDOptions = {},
  ) {
    this.proportional = options.proportional ?? 1.0;
    this.integral = options.integral ?? 0.2;
    this.derivative = options.derivative ?? 0.0;
    this.minRate = options.minRate ?? 100;
    require(batchIntervalMs > 0, `the batch interval (${batchIntervalMs} ms) must be positive`);
    for (const gain of ["proportional", "integral", "derivative"] as const) {
      require(this[gain] >= 0, `the ${gain} gain (${this[gain]}) must be at least 0`);
    }
    require(this.minRate > 0, `minRate (${this.minRate}) must be above 0, so that some data always flows`);
  }

  /**
   * The new rate after a batch that finished at `timeMs` with `numElements` records, processed in
   * `processingDelayMs` after waiting `schedulingDelayMs`; undefined when there is nothing to learn
   * from (an empty or instant batch, a time not after the last one) and on the first batch.
   */
  compute(
    timeMs: number,
    numElements: number,
    processingDelayMs: number,
    schedulingDelayMs: number,
  ): number | undefined {
    if (!(timeMs > this.latestTime && numElements > 0 && processingDelayMs > 0)) return undefined;
    const delaySinceUpdate = (timeMs - this.latestTime) / 1000;
    const processingRate = (numElements / processingDelayMs) * 1000;
    const error = this.latestRate - processingRate;
    const historicalError = (schedulingDelayMs * processingRate) / this.batchIntervalMs;
    const dError = (error - this.latestError) / delaySinceUpdate;
    const newRate = Math.max(
      this.latestRate -
        this.proportional * error -
        this.integral * historicalError -
        this.derivative * dError,
      this.minRate,
    );
    this.latestTime = timeMs;
    if (this.firstRun) {
      this.latestRate = processingRate;
      this.latestError = 0;
      this.firstRun = false;
      return undefined;
    }
    this.latestRate = newRate;
    this.latestError = error;
    return newRate;
  }
}

function require(ok: boolean, rule: string): void {
  if (!ok) {
    throw new IllegalArgumentError(
      `PIDRateEstimator: ${rule}. Fix: use Spark's defaults (proportional 1.0, integral 0.2, derivative 0, ` +
        "minRate 100) or other values within those ranges.",
    );
  }
}
