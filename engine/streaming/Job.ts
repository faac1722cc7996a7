import type { RDD } from "../rdd/internal";
import type { Time } from "../time/Time";

/**
 * One output operation's work for one batch. `inContext` runs code in the async context where
 * the output operation was defined, so anything it prints is attributed to that place (the
 * kernel uses this to keep a stream's output in the cell that started it).
 */
export interface Job {
  time: Time;
  outputOpId: number;
  name: string;
  description: string;
  /**
   * The batch's RDD the output function is given, if any: the scheduler computes its shuffle map
   * stages in slices before `run`, so a big batch does not block the event loop in one piece.
   */
  rdd?: RDD<unknown>;
  run(): unknown;
  inContext<R>(f: () => R): R;
}
