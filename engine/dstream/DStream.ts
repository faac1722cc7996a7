import { CheckpointError, IllegalStateError, InvalidWindowError } from "../errors";
import {
  HashPartitioner,
  type Partitioner,
  type RDD,
  requirePartitionCount,
  type StorageLevel,
} from "../rdd/internal";
import type { Job } from "../streaming/Job";
import type { StreamingContext } from "../streaming/StreamingContext";
import { type Duration, requireDuration, requireMultiple } from "../time/Duration";
import type { Time } from "../time/Time";
import {
  FilteredDStream,
  FlatMappedDStream,
  FlatMapValuedDStream,
  ForEachDStream,
  MapPartitionedDStream,
  MappedDStream,
  MapValuedDStream,
  MapWithStateDStream,
  printBatch,
  ReducedWindowedDStream,
  ShuffledDStream,
  StateDStream,
  type StateSpec,
  saveAsTextFilesAt,
  TransformedDStream,
  UnionDStream,
  WindowedDStream,
} from "./internal";
import { type WindowSpec, windowSpecOf } from "./WindowSpec";

/**
 * A Discretized Stream: a sequence of RDDs, one per batch interval. Every transformation makes a
 * new DStream; output operations (print, foreachRDD, saveAsTextFiles) make it run.
 *
 * Subclasses say only their dependencies, their slide duration and how to compute the RDD at a
 * time (`compute`); this base class does the rest once: remembering generated RDDs, persisting,
 * checkpointing and forgetting them when no longer needed.
 *
 * @example
 * const counts = lines.flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number])
 *   .reduceByKey((a, b) => a + b);
 * counts.print();
 */
export abstract class DStream<T> {
  readonly id: number;
  /** RDDs computed so far, by batch time in ms, kept for rememberDuration. */
  readonly generatedRDDs = new Map<number, RDD<T>>();
  zeroTime: Time | undefined;
  rememberDuration: Duration | undefined;
  storageLevel: StorageLevel = "NONE";
  checkpointDuration: Duration | undefined;
  /** Stateful streams must checkpoint to bound their lineage. */
  protected mustCheckpoint = false;

  constructor(
    readonly ssc: StreamingContext,
    /** The operation that created this stream, for messages and the monitor. */
    readonly scope: string,
  ) {
    ssc.assertCanAddStreams();
    this.id = ssc.graph.newStreamId();
  }

  /** The streams this one is computed from. */
  abstract get dependencies(): DStream<any>[];

  /** How often this stream produces an RDD. */
  abstract get slideDuration(): Duration;

  /** The RDD for batch `validTime`, or undefined when there is none. */
  protected abstract compute(validTime: Time): RDD<T> | undefined;

  /** How long parents must keep their RDDs for this stream (windows need more). */
  get parentRememberDuration(): Duration {
    return this.rememberDuration!;
  }

  get context(): StreamingContext {
    return this.ssc;
  }

  toString(): string {
    return `${this.constructor.name}[${this.id}] (${this.scope})`;
  }

  // ---- machinery shared by every stream ----------------------------------------------------

  /** @internal Sets zero time and the default checkpoint and remember durations, recursively. */
  initialize(zeroTime: Time): void {
    if (this.zeroTime && !this.zeroTime.equals(zeroTime)) {
      throw new IllegalStateError(
        `${this} was initialised at ${this.zeroTime} and cannot move to ${zeroTime}.`,
      );
    }
    this.zeroTime = zeroTime;
    if (this.mustCheckpoint && !this.checkpointDuration) {
      // Spark's default: the slide, or the first multiple of it that reaches 10 seconds.
      this.checkpointDuration = this.slideDuration.times(
        Math.max(1, Math.ceil(10_000 / this.slideDuration.milliseconds)),
      );
    }
    let minRemember = this.slideDuration;
    if (this.checkpointDuration && !this.checkpointDuration.lessThan(minRemember)) {
      minRemember = this.checkpointDuration.times(2);
    }
    if (!this.rememberDuration || this.rememberDuration.lessThan(minRemember))
      this.rememberDuration = minRemember;
    for (const d of this.dependencies) d.initialize(zeroTime);
  }

  /** @internal Checks the settings that can only be judged once the graph is complete. */
  validateAtStart(): void {
    if (this.checkpointDuration && !this.ssc.sc.checkpointDir) {
      throw new CheckpointError(
        `${this.scope} needs checkpointing (it keeps state across batches), but no checkpoint directory is set. ` +
          'Fix: call ssc.checkpoint("some/dir") before ssc.start().',
      );
    }
    if (this.checkpointDuration) this.requireCheckpointInterval(this.checkpointDuration);
    for (const d of this.dependencies) d.validateAtStart();
  }

  /** @internal Keeps RDDs at least `duration`, and tells parents what that means for them. */
  remember(duration: Duration | undefined): void {
    if (duration && (!this.rememberDuration || duration.greaterThan(this.rememberDuration)))
      this.rememberDuration = duration;
    for (const d of this.dependencies) d.remember(this.parentRememberDuration);
  }

  /** Whether `time` is a batch time of this stream: after zero time, on its slide. */
  isTimeValid(time: Time): boolean {
    if (!this.zeroTime) {
      throw new IllegalStateError(`${this} has not been initialised. Fix: start the StreamingContext first.`);
    }
    return time.greaterThan(this.zeroTime) && time.since(this.zeroTime).isMultipleOf(this.slideDuration);
  }

  /** The RDD at `time`: remembered, or computed (then persisted/checkpointed as asked). */
  getOrCompute(time: Time): RDD<T> | undefined {
    const known = this.generatedRDDs.get(time.milliseconds);
    if (known || !this.isTimeValid(time)) return known;
    const rdd = this.compute(time);
    if (rdd) {
      if (this.storageLevel !== "NONE") rdd.persist(this.storageLevel);
      if (this.checkpointDuration && time.since(this.zeroTime!).isMultipleOf(this.checkpointDuration))
        rdd.checkpoint();
      this.generatedRDDs.set(time.milliseconds, rdd);
    }
    return rdd;
  }

  /** @internal Forgets RDDs older than rememberDuration, here and in every parent; returns them. */
  clearMetadata(time: Time, forgotten: RDD<unknown>[] = []): RDD<unknown>[] {
    const threshold = time.milliseconds - this.rememberDuration!.milliseconds;
    for (const [t, rdd] of this.generatedRDDs) {
      if (t > threshold) continue;
      this.generatedRDDs.delete(t);
      forgotten.push(rdd);
    }
    for (const d of this.dependencies) d.clearMetadata(time, forgotten);
    return forgotten;
  }

  /** @internal Output streams override this; others produce no jobs. */
  generateJob(_time: Time): Job | undefined {
    throw new IllegalStateError(`${this} is not an output stream.`);
  }

  /**
   * The RDDs of this stream from `from` to `to` (inclusive), aligned to its slide.
   * @example stream.slice(new Time(1000), new Time(3000)) // the RDDs of 3 batches
   */
  slice(from: Time, to: Time): RDD<T>[] {
    if (!this.zeroTime) {
      throw new IllegalStateError(`${this}.slice() needs a started context. Fix: call it after ssc.start().`);
    }
    const alignedTo = to.floor(this.slideDuration, this.zeroTime);
    const alignedFrom = from.floor(this.slideDuration, this.zeroTime);
    const out: RDD<T>[] = [];
    for (const t of alignedFrom.to(alignedTo, this.slideDuration)) {
      if (!t.greaterThan(this.zeroTime)) continue;
      const rdd = this.getOrCompute(t);
      if (rdd) out.push(rdd);
    }
    return out;
  }

  /** The default partitioner of keyed operations: the BatchContext's parallelism, by hash. */
  protected defaultPartitioner(partitions: number | Partitioner | undefined, operator: string): Partitioner {
    if (partitions !== undefined && typeof partitions !== "number") return partitions;
    return new HashPartitioner(partitions ?? this.ssc.sc.defaultParallelism, operator);
  }

  // ---- persistence -------------------------------------------------------------------------

  /** Keeps each batch's RDD in memory (useful when several outputs read it). */
  persist(level: StorageLevel = "MEMORY_ONLY"): this {
    if (this.zeroTime) {
      throw new IllegalStateError(
        "Cannot change the storage level of a DStream after the context has started.",
      );
    }
    this.storageLevel = level;
    return this;
  }

  cache(): this {
    return this.persist();
  }

  /**
   * Checkpoints this stream's RDDs every `interval` (a multiple of its slide), cutting lineage.
   * @example state.checkpoint(Seconds(10))
   */
  checkpoint(interval: Duration): this {
    if (this.zeroTime) {
      throw new IllegalStateError(
        "Cannot change the checkpoint interval of a DStream after the context has started.",
      );
    }
    // Checked here as well as at start: the notebook cell that sets a bad interval should fail.
    this.requireCheckpointInterval(requireDuration(interval, "The checkpoint interval"));
    this.persist();
    this.checkpointDuration = interval;
    return this;
  }

  /** A zero interval would never checkpoint (lineage grows forever); others must hit slide times. */
  private requireCheckpointInterval(interval: Duration): void {
    requireMultiple(
      interval,
      this.slideDuration,
      `The checkpoint interval of ${this.scope}`,
      "its slide duration",
    );
  }

  // ---- transformations ---------------------------------------------------------------------

  /** @example lines.map((l) => l.length) */
  map<U>(f: (x: T) => U): DStream<U> {
    return new MappedDStream(this, f);
  }

  /** @example lines.flatMap((l) => l.split(" ")) */
  flatMap<U>(f: (x: T) => Iterable<U>): DStream<U> {
    return new FlatMappedDStream(this, f);
  }

  /** @example words.filter((w) => w.length > 3) */
  filter(f: (x: T) => boolean): DStream<T> {
    return new FilteredDStream(this, f);
  }

  /** @example stream.mapPartitions((items) => [items.length]) */
  mapPartitions<U>(f: (items: T[], index: number) => Iterable<U>, preservesPartitioning = false): DStream<U> {
    return new MapPartitionedDStream(this, f, preservesPartitioning);
  }

  /** Each partition of each batch as one array. */
  glom(): DStream<T[]> {
    return this.mapPartitions((items) => [items]);
  }

  /** Each batch spread over `numPartitions` partitions. */
  repartition(numPartitions: number): DStream<T> {
    // Checked now: otherwise a bad count is only found when it fails every batch.
    requirePartitionCount(numPartitions, "repartition");
    return this.transform((rdd) => rdd.repartition(numPartitions));
  }

  /** The batches of this stream and the others, merged. */
  union(...others: DStream<T>[]): DStream<T> {
    return new UnionDStream([this, ...others]);
  }

  /**
   * Any RDD-to-RDD function applied to each batch — the way to mix streams with static data.
   * @example words.transform((rdd) => rdd.subtract(stopWords))
   */
  transform<U>(f: (rdd: RDD<T>, time: Time) => RDD<U>): DStream<U> {
    return new TransformedDStream<U>([this], (rdds, time) => f(rdds[0] as RDD<T>, time));
  }

  /** Like transform, over the batches of two streams. */
  transformWith<U, V>(other: DStream<U>, f: (a: RDD<T>, b: RDD<U>, time: Time) => RDD<V>): DStream<V> {
    return new TransformedDStream<V>([this, other], (rdds, time) =>
      f(rdds[0] as RDD<T>, rdds[1] as RDD<U>, time),
    );
  }

  /** One record per batch: how many records it had (0 for an empty batch). */
  count(): DStream<number> {
    return this.map(() => [null, 1] as [null, number])
      .transform((rdd) => rdd.union(this.ssc.sc.parallelize([[null, 0] as [null, number]], 1)))
      .reduceByKey((a, b) => a + b, 1)
      .map((kv) => kv[1]);
  }

  /** Each distinct record with its count in the batch. */
  countByValue(numPartitions?: number): DStream<[T, number]> {
    // Its own shuffle rather than reduceByKey, so a record that cannot be a key is reported as
    // countByValue's (the operator the user called), not reduceByKey's.
    const sum = (a: number, b: number) => a + b;
    return new ShuffledDStream<T, number, number>(
      this.map((x) => [x, 1] as [T, number]),
      { createCombiner: (v) => v, mergeValue: sum, mergeCombiners: sum },
      this.defaultPartitioner(numPartitions, "countByValue"),
      true,
      "countByValue",
    );
  }

  /** One record per non-empty batch: all records folded with `f`. An empty batch stays empty. */
  reduce(f: (a: T, b: T) => T): DStream<T> {
    return this.map((x) => [null, x] as [null, T])
      .reduceByKey(f, 1)
      .map((kv) => kv[1]);
  }

  // ---- windows -----------------------------------------------------------------------------

  /**
   * At each slide, all records of the last `windowDuration` (both multiples of this stream's
   * slide; the slide defaults to it).
   * @example events.window(Seconds(30), Seconds(10))
   */
  window(windowDuration: Duration, slideDuration?: Duration): DStream<T> {
    return new WindowedDStream(this, windowDuration, slideDuration ?? this.slideDuration);
  }

  /**
   * `f` over each window. With an inverse function (`{ invFunc, windowDuration, slideDuration }`)
   * the window is updated incrementally (values leaving are "subtracted"), which needs a
   * checkpoint directory.
   * @example nums.reduceByWindow((a, b) => a + b, Seconds(30), Seconds(10))
   * @example nums.reduceByWindow((a, b) => a + b, { invFunc: (a, b) => a - b, windowDuration: Seconds(30) })
   */
  reduceByWindow(f: (a: T, b: T) => T, windowDuration: Duration, slideDuration?: Duration): DStream<T>;
  reduceByWindow(f: (a: T, b: T) => T, window: WindowSpec<T>): DStream<T>;
  reduceByWindow(
    f: (a: T, b: T) => T,
    window: Duration | WindowSpec<T>,
    slideDuration?: Duration,
  ): DStream<T> {
    const spec = windowSpecOf<T, T>("reduceByWindow", window, slideDuration, undefined);
    if (!spec.invFunc) {
      return this.reduce(f)
        .window(spec.windowDuration, spec.slideDuration ?? this.slideDuration)
        .reduce(f);
    }
    const filterFunc = spec.filterFunc;
    return this.map((x) => [1, x] as [number, T])
      .reduceByKeyAndWindow(f, {
        invFunc: spec.invFunc,
        windowDuration: spec.windowDuration,
        slideDuration: spec.slideDuration,
        partitions: 1,
        filterFunc: filterFunc && ((kv: [number, T]) => filterFunc(kv[1])),
      })
      .map((kv) => kv[1]);
  }

  /** How many records each window holds (incremental: needs a checkpoint directory). */
  countByWindow(windowDuration: Duration, slideDuration: Duration): DStream<number> {
    return this.map(() => 1).reduceByWindow((a, b) => a + b, {
      invFunc: (a, b) => a - b,
      windowDuration,
      slideDuration,
    });
  }

  /** Each distinct record's count in each window; zero counts are dropped (needs checkpointing). */
  countByValueAndWindow(
    windowDuration: Duration,
    slideDuration: Duration,
    numPartitions?: number,
  ): DStream<[T, number]> {
    return this.map((x) => [x, 1] as [T, number]).reduceByKeyAndWindow((a, b) => a + b, {
      invFunc: (a, b) => a - b,
      windowDuration,
      slideDuration,
      partitions: numPartitions,
      filterFunc: (kv) => kv[1] !== 0,
    });
  }

  // ---- pair transformations (DStream<[K, V]>) ----------------------------------------------

  /** @example pairs.mapValues((v) => v * 2) */
  mapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => W): DStream<[K, W]> {
    return new MapValuedDStream(this, f);
  }

  /** @example pairs.flatMapValues((v) => v.split(",")) */
  flatMapValues<K, V, W>(this: DStream<[K, V]>, f: (v: V) => Iterable<W>): DStream<[K, W]> {
    return new FlatMapValuedDStream(this, f);
  }

  /** @example words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b) */
  reduceByKey<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    partitions?: number | Partitioner,
  ): DStream<[K, V]> {
    const agg = { createCombiner: (v: V) => v, mergeValue: f, mergeCombiners: f };
    return new ShuffledDStream<K, V, V>(
      this,
      agg,
      this.defaultPartitioner(partitions, "reduceByKey"),
      true,
      "reduceByKey",
    );
  }

  /** All values of each key in each batch. */
  groupByKey<K, V>(this: DStream<[K, V]>, partitions?: number | Partitioner): DStream<[K, V[]]> {
    const agg = {
      createCombiner: (v: V) => [v],
      mergeValue: (c: V[], v: V) => {
        c.push(v);
        return c;
      },
      mergeCombiners: (a: V[], b: V[]) => a.concat(b),
    };
    return new ShuffledDStream<K, V, V[]>(
      this,
      agg,
      this.defaultPartitioner(partitions, "groupByKey"),
      false,
      "groupByKey",
    );
  }

  /** Spark's general per-key aggregation, per batch. */
  combineByKey<K, V, C>(
    this: DStream<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitions?: number | Partitioner,
    mapSideCombine = true,
  ): DStream<[K, C]> {
    return new ShuffledDStream<K, V, C>(
      this,
      { createCombiner, mergeValue, mergeCombiners },
      this.defaultPartitioner(partitions, "combineByKey"),
      mapSideCombine,
      "combineByKey",
    );
  }

  /** Inner join of each batch with the same batch of `other`. */
  join<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitions?: number | Partitioner,
  ): DStream<[K, [V, W]]> {
    const part = this.defaultPartitioner(partitions, "join");
    return this.transformWith(other, (a, b) => a.join(b, part));
  }

  leftOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitions?: number | Partitioner,
  ): DStream<[K, [V, W | undefined]]> {
    const part = this.defaultPartitioner(partitions, "leftOuterJoin");
    return this.transformWith(other, (a, b) => a.leftOuterJoin(b, part));
  }

  rightOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitions?: number | Partitioner,
  ): DStream<[K, [V | undefined, W]]> {
    const part = this.defaultPartitioner(partitions, "rightOuterJoin");
    return this.transformWith(other, (a, b) => a.rightOuterJoin(b, part));
  }

  fullOuterJoin<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitions?: number | Partitioner,
  ): DStream<[K, [V | undefined, W | undefined]]> {
    const part = this.defaultPartitioner(partitions, "fullOuterJoin");
    return this.transformWith(other, (a, b) => a.fullOuterJoin(b, part));
  }

  /** For each key in each batch, the values from this stream and from `other`. */
  cogroup<K, V, W>(
    this: DStream<[K, V]>,
    other: DStream<[K, W]>,
    partitions?: number | Partitioner,
  ): DStream<[K, [V[], W[]]]> {
    const part = this.defaultPartitioner(partitions, "cogroup");
    return this.transformWith(other, (a, b) => a.cogroup(b, part));
  }

  /** All values of each key over a window. */
  groupByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    windowDuration: Duration,
    slideDuration?: Duration,
    partitions?: number | Partitioner,
  ): DStream<[K, V[]]> {
    return this.window(windowDuration, slideDuration).groupByKey(partitions);
  }

  /**
   * Per-key reduction over a window. Without an inverse function each window is reduced from its
   * batches; with one (`{ invFunc: (acc, leaving) => … }`), the previous window is updated by the
   * batches that enter and leave — much cheaper for long windows, and it needs a checkpoint
   * directory. `filterFunc` drops pairs after each update (e.g. zero counts).
   * @example pairs.reduceByKeyAndWindow((a, b) => a + b, Seconds(30), Seconds(10))
   * @example
   * pairs.reduceByKeyAndWindow((a, b) => a + b, {
   *   invFunc: (a, b) => a - b,
   *   windowDuration: Seconds(30),
   *   slideDuration: Seconds(10),
   *   filterFunc: ([, n]) => n > 0,
   * });
   */
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    windowDuration: Duration,
    slideDuration?: Duration,
    partitions?: number | Partitioner,
  ): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    window: WindowSpec<V, [K, V]>,
  ): DStream<[K, V]>;
  reduceByKeyAndWindow<K, V>(
    this: DStream<[K, V]>,
    f: (a: V, b: V) => V,
    window: Duration | WindowSpec<V, [K, V]>,
    slideDuration?: Duration,
    partitions?: number | Partitioner,
  ): DStream<[K, V]> {
    const spec = windowSpecOf("reduceByKeyAndWindow", window, slideDuration, partitions);
    const part = this.defaultPartitioner(spec.partitions, "reduceByKeyAndWindow");
    const slide = spec.slideDuration ?? this.slideDuration;
    if (!spec.invFunc) {
      return this.reduceByKey(f, part).window(spec.windowDuration, slide).reduceByKey(f, part);
    }
    return new ReducedWindowedDStream(
      this,
      f,
      spec.invFunc,
      spec.filterFunc,
      spec.windowDuration,
      slide,
      part,
    );
  }

  /**
   * State per key across batches. `update(newValues, state, key)` runs for every key in every
   * batch (with `[]` when the key had no new values); returning undefined removes the key.
   * Needs a checkpoint directory. An optional initial state RDD seeds the first batch. A batch
   * whose update throws fails as a whole and leaves the state as it was for the next batch.
   * @example counts = pairs.updateStateByKey((vs, s) => vs.reduce((a, b) => a + b, s ?? 0))
   */
  updateStateByKey<K, V, S>(
    this: DStream<[K, V]>,
    update: (values: V[], state: S | undefined, key: K) => S | undefined,
    partitions?: number | Partitioner,
    initialRDD?: RDD<[K, S]>,
  ): DStream<[K, S]> {
    return new StateDStream(
      this,
      update,
      this.defaultPartitioner(partitions, "updateStateByKey"),
      initialRDD,
    );
  }

  /**
   * Keyed state with per-record updates, timeouts and snapshots (see StateSpec).
   * @example
   * const spec = StateSpec.function((word: string, one: number | undefined, state: State<number>) => {
   *   const sum = (one ?? 0) + (state.getOption() ?? 0);
   *   state.update(sum);
   *   return [word, sum] as [string, number];
   * });
   * pairs.mapWithState(spec).print();
   */
  mapWithState<K, V, S, U>(
    this: DStream<[K, V]>,
    spec: StateSpec<K, V, S, U>,
  ): MapWithStateDStream<K, V, S, U> {
    return new MapWithStateDStream(this, spec);
  }

  // ---- output operations -------------------------------------------------------------------

  /**
   * Runs `f` on each batch's RDD (an async `f` is awaited before the next output runs).
   * @example counts.foreachRDD((rdd, time) => console.log(time.milliseconds, rdd.collect()))
   */
  foreachRDD(f: (rdd: RDD<T>, time: Time) => unknown): void {
    new ForEachDStream(this, f, "foreachRDD").register();
  }

  /**
   * Prints the batch time and the first `num` records of every batch (`...` when there are more).
   * @example counts.print(5)
   */
  print(num = 10): void {
    new ForEachDStream(this, (rdd, time) => printBatch(rdd, time, num), `print(${num})`).register();
  }

  /**
   * Writes each batch to `prefix-<timeMs>[.suffix]/part-NNNNN` atomically (a replayed batch
   * replaces its directory, never duplicates it).
   * @example counts.saveAsTextFiles("out/counts", "txt")
   */
  saveAsTextFiles(prefix: string, suffix?: string): void {
    new ForEachDStream(
      this,
      (rdd, time) => saveAsTextFilesAt(rdd, prefix, suffix, time),
      "saveAsTextFiles",
    ).register();
  }
}

/** Throws InvalidWindowError unless `d` is a positive multiple of the parent's slide. */
export function requireWindowMultiple(d: Duration, parent: DStream<any>, what: string): void {
  requireDuration(d, what);
  if (d.isZero() || !d.isMultipleOf(parent.slideDuration)) {
    throw new InvalidWindowError(
      `${what} (${d}) must be a positive multiple of the parent stream's slide duration (${parent.slideDuration}). ` +
        `Fix: use a multiple such as ${parent.slideDuration.times(2)}.`,
    );
  }
}
