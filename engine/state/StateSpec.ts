import { describeValue, IllegalArgumentError, InvalidDurationError } from "../errors";
import { type Partitioner, type RDD, requirePartitionCount } from "../rdd/internal";
import { type Duration, requireDuration } from "../time/Duration";
import type { Time } from "../time/Time";
import type { State } from "./State";

/** The mapping function of mapWithState; a returned undefined emits nothing. */
export type MappingFunction<K, V, S, U> = (
  key: K,
  value: V | undefined,
  state: State<S>,
  batchTime: Time,
) => U | undefined;

/**
 * Everything mapWithState needs (Spark's StateSpec): the function, and optionally an initial
 * state, a partition count or partitioner, and an idle timeout.
 *
 * @example
 * const spec = StateSpec.function((k: string, v: number | undefined, s: State<number>) => {
 *   if (s.isTimingOut()) return undefined;
 *   s.update((s.getOption() ?? 0) + (v ?? 0));
 *   return [k, s.get()];
 * }).timeout(Seconds(30));
 */
export class StateSpec<K, V, S, U> {
  initialStateRDD: RDD<[K, S]> | undefined;
  partitionCount: number | undefined;
  statePartitioner: Partitioner | undefined;
  timeoutDuration: Duration | undefined;

  private constructor(readonly mappingFunction: MappingFunction<K, V, S, U>) {}

  static function<K, V, S, U>(f: MappingFunction<K, V, S, U>): StateSpec<K, V, S, U> {
    if (typeof f !== "function") {
      throw new IllegalArgumentError(
        `StateSpec.function needs the mapping function, got ${describeValue(f)}. ` +
          "Fix: pass (key, value, state) => ..., e.g. StateSpec.function((k, v, s) => { s.update(v); return [k, v]; }).",
      );
    }
    return new StateSpec(f);
  }

  initialState(rdd: RDD<[K, S]>): this {
    this.initialStateRDD = rdd;
    return this;
  }

  /** How many partitions hold the state (default: the context's parallelism). */
  numPartitions(n: number): this {
    requirePartitionCount(n, "StateSpec.numPartitions");
    this.partitionCount = n;
    return this;
  }

  partitioner(p: Partitioner): this {
    this.statePartitioner = p;
    return this;
  }

  /** Keys with no new value for this long are timed out: called once with isTimingOut(), then removed. */
  timeout(idle: Duration): this {
    requireDuration(idle, "The mapWithState timeout");
    if (idle.isZero()) {
      // Zero would time out every key in every batch it was not updated in: surely a slip.
      throw new InvalidDurationError(
        "The mapWithState timeout must be positive; got 0 ms. Fix: pass how long a key may stay idle, e.g. Minutes(5).",
      );
    }
    this.timeoutDuration = idle;
    return this;
  }
}
