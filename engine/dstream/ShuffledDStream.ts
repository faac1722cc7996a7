import { type Aggregator, combineByKeyWith, type Partitioner, type RDD } from "../rdd/internal";
import type { Duration } from "../streaming/Duration";
import type { Time } from "../streaming/Time";
import { DStream } from "./internal";

/** reduceByKey, groupByKey and combineByKey on each batch. */
export class ShuffledDStream<K, V, C> extends DStream<[K, C]> {
  constructor(
    private readonly parent: DStream<[K, V]>,
    private readonly aggregator: Aggregator<V, C>,
    private readonly partitioner: Partitioner,
    private readonly mapSideCombine: boolean,
    scope: string,
  ) {
    super(parent.ssc, scope);
  }

  get dependencies(): DStream<any>[] {
    return [this.parent];
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  protected compute(validTime: Time): RDD<[K, C]> | undefined {
    const rdd = this.parent.getOrCompute(validTime);
    return rdd && combineByKeyWith(rdd, this.aggregator, this.partitioner, this.mapSideCombine, this.scope);
  }
}
