import { CoGroupedRDD, type Partitioner, type RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import { DStream } from "./internal";

type Update<K, V, S> = (values: V[], state: S | undefined, key: K) => S | undefined;

/**
 * updateStateByKey: the state at t is the state at t − slide cogrouped with the batch at t, with
 * the update function run for every key in either (Spark's StateDStream).
 */
export class StateDStream<K, V, S> extends DStream<[K, S]> {
  constructor(
    private readonly parent: DStream<[K, V]>,
    private readonly update: Update<K, V, S>,
    private readonly partitioner: Partitioner,
    private readonly initialRDD: RDD<[K, S]> | undefined,
  ) {
    super(parent.ssc, "updateStateByKey");
    this.persist();
    this.mustCheckpoint = true;
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  protected compute(validTime: Time): RDD<[K, S]> | undefined {
    const previous = this.getOrCompute(validTime.minus(this.slideDuration)) ?? this.initialRDD ?? this.ssc.sc.emptyRDD<[K, S]>();
    const batch = this.parent.getOrCompute(validTime) ?? this.ssc.sc.emptyRDD<[K, V]>();
    const update = this.update;
    const grouped = new CoGroupedRDD<K>([batch, previous], this.partitioner, "updateStateByKey") as unknown as RDD<
      [K, [V[], S[]]]
    >;
    return grouped.mapPartitions(function* (items) {
      for (const [key, [values, states]] of items) {
        const next = update(values, states[0], key);
        if (next !== undefined) yield [key, next] as [K, S];
      }
    }, true);
  }
}
