import { HashPartitioner, type Partitioner, type RDD } from "../rdd/internal";
import { MapWithStateRDD, type MapWithStateRecord } from "../state/MapWithStateRDD";
import { failedBatch } from "../state/StateRDD";
import type { StateSpec } from "../state/StateSpec";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { DerivedDStream, DStream } from "./internal";

/** The state RDDs of mapWithState, one MapWithStateRecord per partition per batch. */
export class InternalMapWithStateDStream<K, V, S, U> extends DerivedDStream<
  [K, V],
  MapWithStateRecord<K, S, U>
> {
  readonly partitioner: Partitioner;

  constructor(
    parent: DStream<[K, V]>,
    private readonly spec: StateSpec<K, V, S, U>,
  ) {
    super(parent, "mapWithState");
    this.partitioner =
      spec.statePartitioner ??
      new HashPartitioner(spec.partitionCount ?? parent.ssc.sc.defaultParallelism, "mapWithState");
    this.persist();
    this.mustCheckpoint = true;
  }

  override initialize(zeroTime: Time): void {
    // Spark's default for mapWithState: checkpoint every 10 batches.
    this.checkpointDuration ??= this.slideDuration.times(10);
    super.initialize(zeroTime);
  }

  protected compute(validTime: Time): RDD<MapWithStateRecord<K, S, U>> | undefined {
    const sc = this.ssc.sc;
    const previous = MapWithStateRDD.placedBy(
      this.getOrCompute(validTime.minus(this.slideDuration)) ??
        MapWithStateRDD.fromPairs<K, S, U>(
          this.spec.initialStateRDD ?? sc.emptyRDD<[K, S]>(),
          this.partitioner,
          validTime,
        ),
      this.partitioner,
    );
    let batch: RDD<[K, V]>;
    try {
      batch = this.parent.getOrCompute(validTime) ?? sc.emptyRDD<[K, V]>();
    } catch (e) {
      // Without a state RDD at this time, the next batch would plan this one again and fail too.
      batch = failedBatch(sc, e);
    }
    const data = batch.partitionBy(this.partitioner);
    const timeout = this.spec.timeoutDuration;
    return new MapWithStateRDD(
      previous,
      data,
      this.spec.mappingFunction,
      validTime,
      timeout ? validTime.minus(timeout).milliseconds : undefined,
    );
  }
}

/**
 * The stream mapWithState returns: what the function emitted in each batch, plus
 * stateSnapshots() for the full state after each batch.
 */
export class MapWithStateDStream<K, V, S, U> extends DStream<U> {
  private readonly internal: InternalMapWithStateDStream<K, V, S, U>;

  constructor(parent: DStream<[K, V]>, spec: StateSpec<K, V, S, U>) {
    super(parent.ssc, "mapWithState");
    this.internal = new InternalMapWithStateDStream(parent, spec);
  }

  get dependencies(): DStream<any>[] {
    return [this.internal];
  }

  get slideDuration(): Duration {
    return this.internal.slideDuration;
  }

  protected compute(validTime: Time): RDD<U> | undefined {
    return this.internal.getOrCompute(validTime)?.flatMap((r) => r.mapped);
  }

  /**
   * Checkpoints the state (this stream's records are only what each batch emitted), as in Spark.
   * @example words.mapWithState(spec).checkpoint(Seconds(20))
   */
  override checkpoint(interval: Duration): this {
    this.internal.checkpoint(interval);
    return this;
  }

  /** Every key's state after each batch. @example counts.stateSnapshots().print() */
  stateSnapshots(): DStream<[K, S]> {
    return this.internal.flatMap((r) => r.states.map(([k, s]): [K, S] => [k, s]));
  }
}
