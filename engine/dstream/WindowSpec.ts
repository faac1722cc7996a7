import { IllegalArgumentError } from "../errors";
import type { Partitioner } from "../rdd/internal";
import { Duration } from "../time/Duration";

/**
 * A window as an options object: what reduceByWindow and reduceByKeyAndWindow take for an
 * incremental window, where Spark's positional overloads (a function or a duration in the same
 * place) would be ambiguous.
 *
 * @example pairs.reduceByKeyAndWindow((a, b) => a + b, { invFunc: (a, b) => a - b, windowDuration: Seconds(30) })
 */
export interface WindowSpec<V, R = V> {
  /** How far back each window reaches: a multiple of the stream's slide. */
  windowDuration: Duration;
  /** How often a window is computed; defaults to the stream's slide. */
  slideDuration?: Duration;
  /**
   * Removes the values leaving the window from the previous window's result (`invFunc(acc,
   * leaving)`), so a long window costs only what enters and leaves: needs a checkpoint directory.
   */
  // Method syntax (not a property) keeps DStream<T> covariant in T, as its other methods are.
  invFunc?(a: V, b: V): V;
  /** Drops results after each incremental update (e.g. keys whose count fell to 0). */
  filterFunc?(result: R): boolean;
  /** The result's partitions (a count or a Partitioner); defaults to the context's parallelism. */
  partitions?: number | Partitioner;
}

/**
 * The WindowSpec for `window`, whether it came as a spec or as Spark's positional durations; a
 * function in its place (Spark's positional inverse function) gets an error with the spelling here.
 */
export function windowSpecOf<V, R>(
  operator: string,
  window: Duration | WindowSpec<V, R>,
  slideDuration: Duration | undefined,
  partitions: number | Partitioner | undefined,
): WindowSpec<V, R> {
  if (window instanceof Duration) return { windowDuration: window, slideDuration, partitions };
  if (typeof window === "function") {
    throw new IllegalArgumentError(
      `${operator}: an inverse function goes in the window's options here, not as the second argument. ` +
        `Fix: write ${operator}(f, { invFunc, windowDuration, slideDuration }) instead of ` +
        `${operator}(f, invFunc, windowDuration, slideDuration).`,
    );
  }
  if (window === null || typeof window !== "object" || !(window.windowDuration instanceof Duration)) {
    throw new IllegalArgumentError(
      `${operator}: expected a window duration or { windowDuration, slideDuration?, invFunc? }, got ${String(window)}. ` +
        "Fix: pass e.g. Seconds(30), or { windowDuration: Seconds(30), slideDuration: Seconds(10) }.",
    );
  }
  return window;
}
