import { type Aggregator, combineByKeyWith, type Partitioner, type RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { DerivedDStream, type DStream } from "./internal";

/** reduceByKey, groupByKey and combineByKey on each batch. */
export class ShuffledDStream<K, V, C> extends DerivedDStream<[K, V], [K, C]> {
  constructor(
    parent: DStream<[K, V]>,
    private readonly aggregator: Aggregator<V, C>,
    private readonly partitioner: Partitioner,
    private readonly mapSideCombine: boolean,
    scope: string,
  ) {
    super(parent, scope);
  }

  protected compute(validTime: Time): RDD<[K, C]> | undefined {
    const rdd = this.parent.getOrCompute(validTime);
    return rdd && combineByKeyWith(rdd, this.aggregator, this.partitioner, this.mapSideCombine, this.scope);
  }
}
