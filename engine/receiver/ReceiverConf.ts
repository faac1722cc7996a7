import { IllegalArgumentError } from "../errors";
import { type Duration, Milliseconds, requireDuration } from "../time/Duration";
import type { PIDOptions } from "./PIDRateEstimator";

/** Backpressure (Spark's spark.streaming.backpressure.*): the PID gains and the first batch's rate. */
export interface BackpressureOptions extends PIDOptions {
  /**
   * The rate (records/s) each receiver is held to until the first estimate. Default: no limit, as
   * in Spark — so the first batches take whatever arrives; set it for a source faster than the
   * pipeline (the estimate takes over after two batches).
   */
  initialRate?: number;
  /**
   * The share of each batch interval that processing should take at the rate backpressure settles
   * on. Default 0.9. Spark's PID aims at 1 (batches that take the whole interval, so any jitter
   * makes them late); here the receivers, the notebook's kernel and its charts share the thread
   * with batch processing, so some room is kept. 1 gives Spark's behaviour exactly.
   */
  targetUtilization?: number;
}

/** How a StreamingContext runs its receivers (the settings StreamingContextOptions names). */
export interface ReceiverConf {
  /** How often received records are cut into a block, i.e. a partition. */
  blockInterval: Duration;
  /** Every receiver's limit, records/s; a source's own maxRate overrides it. */
  maxRate: number | undefined;
  /** Backpressure's settings, when it is on. */
  backpressure: BackpressureOptions | undefined;
  /** The first wait before restarting a failed receiver; it doubles on each failure in a row. */
  restartDelay: Duration;
  /** The longest wait between restarts. */
  maxRestartDelay: Duration;
}

/** The receiver settings of StreamingContextOptions, each optional. */
export interface ReceiverConfOptions {
  /** Default Milliseconds(200) (Spark's spark.streaming.blockInterval): a 1 s batch holds ~5 partitions per receiver. */
  blockInterval?: Duration;
  /** Records/s per receiver (spark.streaming.receiver.maxRate). Default: no limit. */
  receiverMaxRate?: number;
  /** Adapt every receiver's rate to what the pipeline keeps up with (PID estimator). Default false. */
  backpressure?: boolean | BackpressureOptions;
  /** Default Milliseconds(500); doubles per failure in a row, up to receiverMaxRestartDelay. */
  receiverRestartDelay?: Duration;
  /** Default Seconds(30). */
  receiverMaxRestartDelay?: Duration;
}

/** Checks the options and fills in the defaults. */
export function receiverConf(options: ReceiverConfOptions): ReceiverConf {
  const blockInterval = requireDuration(options.blockInterval ?? Milliseconds(200), "blockInterval");
  if (blockInterval.isZero()) {
    throw new IllegalArgumentError(
      "blockInterval must be positive; got 0 ms. Fix: use e.g. Milliseconds(200) (the default), or leave it out.",
    );
  }
  const maxRate = options.receiverMaxRate;
  requireRate(maxRate, "receiverMaxRate");
  const bp = options.backpressure;
  const backpressure = bp === true ? {} : bp || undefined;
  if (backpressure) {
    requireRate(backpressure.initialRate, "backpressure.initialRate");
    const u = backpressure.targetUtilization;
    if (u !== undefined && !(u > 0 && u <= 1)) {
      throw new IllegalArgumentError(
        `backpressure.targetUtilization must be in (0, 1]; got ${u}. Fix: leave it out (0.9), or use 1 for Spark's behaviour.`,
      );
    }
  }
  return {
    blockInterval,
    maxRate,
    backpressure,
    restartDelay: requireDuration(options.receiverRestartDelay ?? Milliseconds(500), "receiverRestartDelay"),
    maxRestartDelay: requireDuration(
      options.receiverMaxRestartDelay ?? Milliseconds(30_000),
      "receiverMaxRestartDelay",
    ),
  };
}

/** Throws unless `rate` is undefined or a positive number of records per second. */
export function requireRate(rate: number | undefined, what: string): void {
  if (rate === undefined) return;
  if (!(typeof rate === "number" && rate > 0 && Number.isFinite(rate))) {
    throw new IllegalArgumentError(
      `${what} must be a positive number of records per second; got ${String(rate)}. Fix: pass e.g. 10000, or ` +
        "leave it out for no limit.",
    );
  }
}
