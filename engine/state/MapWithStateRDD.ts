import { type Emit, OneToOneDependency, type Partitioner, RDD } from "../rdd/internal";
import type { Time } from "../streaming/Time";
import { KeyMap } from "../util/keys";
import { State } from "./State";
import type { MappingFunction } from "./StateSpec";

/** One partition's state (value and last update time per key) and what the batch emitted. */
export interface MapWithStateRecord<K, S, U> {
  stateMap: KeyMap<K, { state: S; updateTime: number }>;
  mapped: U[];
}

/**
 * mapWithState's RDD: partition i holds one record, computed from the previous state's
 * partition i and the batch's partition i (both placed by the same partitioner).
 */
export class MapWithStateRDD<K, V, S, U> extends RDD<MapWithStateRecord<K, S, U>> {
  constructor(
    private readonly previous: RDD<MapWithStateRecord<K, S, U>>,
    private readonly data: RDD<[K, V]>,
    private readonly f: MappingFunction<K, V, S, U>,
    private readonly batchTime: Time,
    private readonly timeoutThreshold: number | undefined,
  ) {
    super(previous.context, [new OneToOneDependency(previous), new OneToOneDependency(data)], "mapWithState");
    this.partitioner = data.partitioner;
  }

  get numPartitions(): number {
    return this.data.numPartitions;
  }

  protected compute(split: number, emit: Emit<MapWithStateRecord<K, S, U>>): void {
    const prev = this.previous.partitionData(split)[0];
    const stateMap = prev ? prev.stateMap.clone() : new KeyMap<K, { state: S; updateTime: number }>("mapWithState");
    const mapped: U[] = [];
    const state = new State<S>();
    const now = this.batchTime.milliseconds;
    const track = this.timeoutThreshold !== undefined;
    this.data.iterate(split, ([key, value]) => {
      const entry = stateMap.get(key);
      state.wrap(entry?.state, entry !== undefined);
      const out = this.f(key, value, state, this.batchTime);
      if (out !== undefined) mapped.push(out);
      if (state.isRemoved()) stateMap.delete(key);
      else if (state.isUpdated() || (state.exists() && track)) stateMap.set(key, { state: state.get(), updateTime: now });
    });
    if (track) {
      // Spark scans for timeouts only at checkpoint batches; we scan every batch so a key times
      // out at the first batch after its idle time, which is what a notebook user expects.
      const expired: [K, S][] = [];
      stateMap.forEach((e, k) => {
        if (e.updateTime < this.timeoutThreshold!) expired.push([k, e.state]);
      });
      for (const [key, s] of expired) {
        state.wrap(s, true, true);
        const out = this.f(key, undefined, state, this.batchTime);
        if (out !== undefined) mapped.push(out);
        stateMap.delete(key);
      }
    }
    emit({ stateMap, mapped });
  }

  /** The first state RDD: the initial pairs placed by `partitioner`, stamped with `time`. */
  static fromPairs<K, S, U>(
    initial: RDD<[K, S]>,
    partitioner: Partitioner,
    time: Time,
  ): RDD<MapWithStateRecord<K, S, U>> {
    return initial.partitionBy(partitioner).mapPartitions((items) => {
      const stateMap = new KeyMap<K, { state: S; updateTime: number }>("mapWithState");
      for (const [k, s] of items) stateMap.set(k, { state: s, updateTime: time.milliseconds });
      return [{ stateMap, mapped: [] as U[] }];
    }, true);
  }
}
