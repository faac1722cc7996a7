/** Where a receiver is in its life: started once, restarted after errors, stopped for good. */
export type ReceiverState = "starting" | "active" | "restarting" | "stopped";

/**
 * A receiver's status, as listeners and the monitor see it (Spark's ReceiverInfo, plus what a
 * notebook user needs to act: the rate it is held to, whether it is paused, bad records).
 */
export interface ReceiverInfo {
  /** The id of its input stream. */
  streamId: number;
  /** What it reads, e.g. `socket localhost:9999`. */
  name: string;
  state: ReceiverState;
  /** True while it is started and not restarting or stopped. */
  active: boolean;
  /** Restarts so far (after errors, or asked for by the receiver). */
  restarts: number;
  /** Records stored so far (handed to blocks, counted once each). */
  recordsStored: number;
  /** Records it could not turn into records (malformed, oversized), counted and set aside. */
  badRecords: number;
  /** The limit it is held to now (maxRate, or backpressure's estimate), records/s; undefined: none. */
  rateLimit: number | undefined;
  /** True while it is over its rate and has asked its source to pause. */
  paused: boolean;
  /** The latest error or bad record: what went wrong and the fix. */
  lastErrorMessage?: string;
  /** The latest error's own message (the cause), when there was one. */
  lastError?: string;
  /** When the latest error happened, on the context's clock. */
  lastErrorTime?: number;
}
