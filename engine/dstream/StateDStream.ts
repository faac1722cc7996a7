import type { Partitioner, RDD } from "../rdd/internal";
import { failedBatch, StateRDD, type UpdateFunction } from "../state/StateRDD";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

/**
 * updateStateByKey: the state at t is the state at t − slide cogrouped with the batch at t, with
 * the update function run for every key in either (Spark's StateDStream). A failed batch leaves
 * the state as it was (see StateRDD).
 */
export class StateDStream<K, V, S> extends DerivedDStream<[K, V], [K, S]> {
  constructor(
    parent: DStream<[K, V]>,
    private readonly update: UpdateFunction<K, V, S>,
    private readonly partitioner: Partitioner,
    private readonly initialRDD: RDD<[K, S]> | undefined,
  ) {
    super(parent, "updateStateByKey");
    this.persist();
    this.mustCheckpoint = true;
  }

  protected compute(validTime: Time): RDD<[K, S]> | undefined {
    const sc = this.ssc.sc;
    const previous =
      this.getOrCompute(validTime.minus(this.slideDuration)) ?? this.initialRDD ?? sc.emptyRDD<[K, S]>();
    let batch: RDD<[K, V]>;
    try {
      batch = this.parent.getOrCompute(validTime) ?? sc.emptyRDD<[K, V]>();
    } catch (e) {
      // Without a state RDD at this time, the next batch would plan this one again and fail too.
      batch = failedBatch(sc, e);
    }
    return new StateRDD(previous, batch, this.update, this.partitioner);
  }
}
