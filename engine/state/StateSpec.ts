import type { Partitioner, RDD } from "../rdd/internal";
import { type Duration, requireDuration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import type { State } from "./State";

/** The mapping function of mapWithState; a returned undefined emits nothing. */
export type MappingFunction<K, V, S, U> = (key: K, value: V | undefined, state: State<S>, batchTime: Time) => U | undefined;

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
    return new StateSpec(f);
  }

  initialState(rdd: RDD<[K, S]>): this {
    this.initialStateRDD = rdd;
    return this;
  }

  numPartitions(n: number): this {
    this.partitionCount = n;
    return this;
  }

  partitioner(p: Partitioner): this {
    this.statePartitioner = p;
    return this;
  }

  /** Keys with no new value for this long are timed out: called once with isTimingOut(), then removed. */
  timeout(idle: Duration): this {
    this.timeoutDuration = requireDuration(idle, "The mapWithState timeout");
    return this;
  }
}
