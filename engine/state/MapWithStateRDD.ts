import { type Emit, OneToOneDependency, type Partitioner, RDD } from "../rdd/internal";
import type { Time } from "../time/Time";
import { KeyMap } from "../util/keys";
import { State } from "./State";
import type { MappingFunction } from "./StateSpec";

/** A key, its state, and when (batch time in ms) it was last updated. */
export type StateEntry<K, S> = [key: K, state: S, updateTime: number];

/**
 * One partition's state and what the batch emitted. Plain arrays, not a KeyMap: checkpoints are
 * written with v8 serialisation, which keeps arrays and Maps but drops class prototypes, so a
 * KeyMap read back from a checkpoint would have lost its methods.
 */
export interface MapWithStateRecord<K, S, U> {
  states: StateEntry<K, S>[];
  mapped: U[];
}

/**
 * mapWithState's RDD: partition i holds one record, computed from the previous state's
 * partition i and the batch's partition i (both placed by the same partitioner).
 *
 * If computing it fails (the mapping function or anything upstream in the batch throws), its
 * batch fails and from then on it stands for the previous state with nothing emitted, so the next
 * batch continues from the last good state instead of recomputing, and re-failing on, this one.
 */
export class MapWithStateRDD<K, V, S, U> extends RDD<MapWithStateRecord<K, S, U>> {
  private previous: RDD<MapWithStateRecord<K, S, U>> | undefined;
  private data: RDD<[K, V]> | undefined;
  private failed = false;
  private readonly parts: number;

  constructor(
    previous: RDD<MapWithStateRecord<K, S, U>>,
    data: RDD<[K, V]>,
    private readonly f: MappingFunction<K, V, S, U>,
    private readonly batchTime: Time,
    private readonly timeoutThreshold: number | undefined,
  ) {
    super(previous.context, [new OneToOneDependency(previous), new OneToOneDependency(data)], "mapWithState");
    this.previous = previous;
    this.data = data;
    this.partitioner = data.partitioner;
    this.parts = data.numPartitions;
  }

  get numPartitions(): number {
    return this.parts;
  }

  protected compute(split: number, emit: Emit<MapWithStateRecord<K, S, U>>): void {
    const prev = this.previous!.partitionData(split)[0];
    if (this.failed) {
      emit({ states: prev?.states ?? [], mapped: [] });
      return;
    }
    let record: MapWithStateRecord<K, S, U>;
    try {
      record = this.update(prev, split);
    } catch (e) {
      this.failed = true;
      // Drop partitions that did apply this batch, so the batch counts as not applied at all.
      for (let i = 0; i < this.parts; i++) this.evictPartition(i);
      throw e;
    }
    emit(record);
  }

  private update(prev: MapWithStateRecord<K, S, U> | undefined, split: number): MapWithStateRecord<K, S, U> {
    const stateMap = new KeyMap<K, { state: S; updateTime: number }>("mapWithState");
    for (const [k, state, updateTime] of prev?.states ?? []) stateMap.set(k, { state, updateTime });
    const mapped: U[] = [];
    const state = new State<S>();
    const now = this.batchTime.milliseconds;
    const track = this.timeoutThreshold !== undefined;
    this.data!.iterate(split, ([key, value]) => {
      const entry = stateMap.get(key);
      state.wrap(entry?.state, entry !== undefined);
      const out = this.f(key, value, state, this.batchTime);
      if (out !== undefined) mapped.push(out);
      if (state.isRemoved()) stateMap.delete(key);
      else if (state.isUpdated() || (state.exists() && track))
        stateMap.set(key, { state: state.get(), updateTime: now });
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
    const states: StateEntry<K, S>[] = [];
    stateMap.forEach((e, k) => states.push([k, e.state, e.updateTime]));
    return { states, mapped };
  }

  protected override clearDependencies(): void {
    this.previous = undefined;
    this.data = undefined;
  }

  /**
   * `state` placed by `partitioner`: itself when it already is. Otherwise — a state restored from
   * a checkpoint written with another partition count, or with a partitioner that could not be
   * restored — its entries are shuffled into place with their update times, as Spark does, since
   * MapWithStateRDD reads the previous state partition by partition.
   */
  static placedBy<K, S, U>(
    state: RDD<MapWithStateRecord<K, S, U>>,
    partitioner: Partitioner,
  ): RDD<MapWithStateRecord<K, S, U>> {
    if (partitioner.equals(state.partitioner)) return state;
    return state
      .flatMap((r) => r.states.map(([k, s, t]): [K, [S, number]] => [k, [s, t]]))
      .partitionBy(partitioner)
      .mapPartitions(
        (items) => [{ states: items.map(([k, [s, t]]): StateEntry<K, S> => [k, s, t]), mapped: [] as U[] }],
        true,
      );
  }

  /** The first state RDD: the initial pairs placed by `partitioner`, stamped with `time`. */
  static fromPairs<K, S, U>(
    initial: RDD<[K, S]>,
    partitioner: Partitioner,
    time: Time,
  ): RDD<MapWithStateRecord<K, S, U>> {
    return initial.partitionBy(partitioner).mapPartitions((items) => {
      // Through a KeyMap, so a key given twice keeps one state (the last), as it would in Spark.
      const byKey = new KeyMap<K, S>("mapWithState");
      for (const [k, s] of items) byKey.set(k, s);
      const states: StateEntry<K, S>[] = [];
      byKey.forEach((s, k) => states.push([k, s, time.milliseconds]));
      return [{ states, mapped: [] as U[] }];
    }, true);
  }
}
