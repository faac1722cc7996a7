/**
 * The source of time for a StreamingContext. The engine never reads `Date.now()` or calls
 * `setTimeout` directly, so a ManualClock can drive every batch deterministically in tests.
 */
export interface Clock {
  /** Current time in milliseconds. */
  now(): number;
  /**
   * Runs `task` once the clock reaches `timeMs`. A ManualClock awaits the promise the task
   * returns before moving on, which is how `advance` knows a batch has finished.
   * Returns a function that cancels the task if it has not run yet.
   */
  schedule(timeMs: number, task: () => unknown): () => void;
}
