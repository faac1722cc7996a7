import { CheckpointError, IllegalArgumentError, IllegalStateError } from "../errors";
import { compareValues } from "../util/compare";
import { KeyMap } from "../util/keys";
import { poisson, seededRandom } from "../util/random";
import {
  type Aggregator,
  type BatchContext,
  CoalescedRDD,
  CoGroupedRDD,
  combineByKeyWith,
  computeMapStages,
  type Dependency,
  firstValue,
  groupAggregator,
  HashPartitioner,
  localCheckpoint,
  MapPartitionsRDD,
  OneToOneDependency,
  type Partitioner,
  PipelinedRDD,
  RangePartitioner,
  requirePartitionCount,
  ShuffleDependency,
  ShuffledRDD,
  writeCheckpoint,
  ZippedPartitionsRDD,
} from "./internal";
import type { Step } from "./steps";

/** Lets timers, sockets and the kernel run between the stages of an asynchronous action. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Receives the records of a partition one at a time (the push side of a pipeline). */
export type Emit<T> = (x: T) => void;

/** Where a persisted RDD keeps its partitions. Only memory exists in one process. */
export type StorageLevel = "NONE" | "MEMORY_ONLY";

/**
 * A Resilient Distributed Dataset: an immutable, partitioned collection with lineage.
 * Transformations are lazy and build lineage; actions (collect, count, ...) compute it.
 * A lost cached partition is recomputed from lineage.
 *
 * Subclasses say only how many partitions they have, what they depend on, and how to compute one
 * partition by pushing its records into `emit` — narrow transformations chain without
 * materialising intermediate arrays.
 *
 * @example
 * const words = sc.parallelize(["a b", "b"], 2).flatMap((l) => l.split(" "));
 * words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b).collect();
 * // [["a", 1], ["b", 2]] (in some order)
 */
export abstract class RDD<T> {
  readonly id: number;
  /** A user-chosen label shown by toDebugString. */
  name: string | undefined;
  /** Set when records are placed by key (after a shuffle), so joins can skip a shuffle. */
  partitioner: Partitioner | undefined;
  private level: StorageLevel = "NONE";
  private blocks: (T[] | undefined)[] | undefined;
  private checkpointMode: "reliable" | "local" | undefined;
  private checkpointed: RDD<T> | undefined;
  private checkpointWalked = false;

  constructor(
    readonly context: BatchContext,
    private deps: Dependency[],
    /** The operation that created this RDD, shown by toDebugString. */
    readonly scope: string,
  ) {
    this.id = context.newRddId();
  }

  /** How many partitions this RDD has. */
  abstract get numPartitions(): number;

  /** Pushes the records of partition `split` into `emit`, computing from parents. */
  protected abstract compute(split: number, emit: Emit<T>): void;

  /** The lineage: parents, or the checkpoint once one has been written. */
  get dependencies(): Dependency[] {
    return this.checkpointed ? [new OneToOneDependency(this.checkpointed)] : this.deps;
  }

  /** Pushes partition `split` into `emit`: from the cache, the checkpoint, or by computing it. */
  iterate(split: number, emit: Emit<T>): void {
    if (this.level !== "NONE") {
      const data = this.cachedPartition(split);
      for (let i = 0; i < data.length; i++) emit(data[i]!);
    } else if (this.checkpointed) {
      this.checkpointed.iterate(split, emit);
    } else {
      this.compute(split, emit);
    }
  }

  /** @internal True when every partition is cached or checkpointed: its lineage need not run. */
  isFullyInMemory(): boolean {
    if (this.checkpointed) return true;
    if (this.level === "NONE" || !this.blocks) return false;
    for (let i = 0; i < this.numPartitions; i++) if (!this.blocks[i]) return false;
    return true;
  }

  /**
   * @internal For the parallel executor: the records of partition `split` when they are data
   * already — cached, checkpointed, or an in-memory source (also when persisted but not cached
   * yet: the source holds the same records) — so shipping them to a worker runs no code.
   * Undefined when the partition would have to be computed (a cached RDD whose partition is not in
   * memory yet is computed on the main thread, which also fills the cache).
   */
  inMemoryPartition(split: number): readonly T[] | undefined {
    const cached = this.blocks?.[split];
    if (cached) return cached;
    if (this.checkpointed) return this.checkpointed.inMemoryPartition(split);
    return this.sourcePartition(split);
  }

  /** @internal Overridden by sources whose partitions are in memory (parallelize, checkpoints). */
  protected sourcePartition(_split: number): readonly T[] | undefined {
    return undefined;
  }

  /**
   * @internal For the parallel executor: where partition `split` comes from when that is one
   * partition of a parent, passed through one element-wise step that can be described as data
   * (PipelinedRDD) or unchanged (`step` undefined: a union's partition).
   */
  narrowInput(_split: number): { step: Step | undefined; parent: RDD<unknown>; split: number } | undefined {
    return undefined;
  }

  /**
   * The records of one partition as a new array the caller may change. A cached partition is
   * copied: glom() and mapPartitions() hand this array to user code, which must not be able to
   * reorder or extend the cache behind later actions' backs.
   */
  partitionData(split: number): T[] {
    if (this.level !== "NONE") return this.cachedPartition(split).slice();
    const out: T[] = [];
    this.iterate(split, (x) => out.push(x));
    return out;
  }

  private cachedPartition(split: number): T[] {
    this.blocks ??= new Array(this.numPartitions);
    let data = this.blocks[split];
    if (!data) {
      data = [];
      const sink = data;
      if (this.checkpointed) this.checkpointed.iterate(split, (x) => sink.push(x));
      else this.compute(split, (x) => sink.push(x));
      this.blocks[split] = data;
    }
    return data;
  }

  // ---- persistence and lineage ------------------------------------------------------------

  /** Keeps computed partitions in memory for later actions. @example rdd.cache().count() */
  cache(): this {
    return this.persist("MEMORY_ONLY");
  }

  persist(level: StorageLevel = "MEMORY_ONLY"): this {
    this.level = level;
    return this;
  }

  unpersist(): this {
    this.level = "NONE";
    this.blocks = undefined;
    return this;
  }

  get storageLevel(): StorageLevel {
    return this.level;
  }

  /** Whether partition `split` is held in memory right now. */
  isCached(split: number): boolean {
    return this.blocks?.[split] !== undefined;
  }

  /**
   * Drops one cached partition, as losing the executor that held it would. The next action
   * recomputes it from lineage. @example rdd.cache(); rdd.count(); rdd.evictPartition(0);
   */
  evictPartition(split: number): void {
    if (this.blocks) this.blocks[split] = undefined;
  }

  /**
   * Saves this RDD to the checkpoint directory after the next action and cuts its lineage.
   * @example sc.setCheckpointDir("/tmp/ckpt"); state.checkpoint(); state.count();
   */
  checkpoint(): this {
    if (!this.context.checkpointDir) {
      throw new CheckpointError(
        `RDD ${this.id} (${this.scope}): checkpoint() needs a checkpoint directory, and none is set. ` +
          "Fix: call sc.setCheckpointDir(dir) (or ssc.checkpoint(dir) for streams) first.",
      );
    }
    this.checkpointMode ??= "reliable";
    this.rewalkForCheckpoint();
    return this;
  }

  /** Cuts lineage after the next action, keeping the data only in memory (faster, not durable). */
  localCheckpoint(): this {
    this.checkpointMode = "local";
    this.rewalkForCheckpoint();
    return this.persist();
  }

  /**
   * Lets the next job on this RDD write a checkpoint marked after an earlier job already walked it
   * (Spark silently ignores such a late checkpoint(); a notebook runs count() in one cell and
   * checkpoint() in the next).
   */
  private rewalkForCheckpoint(): void {
    if (!this.checkpointed) this.checkpointWalked = false;
  }

  get isCheckpointed(): boolean {
    return this.checkpointed !== undefined;
  }

  /**
   * The directory holding this RDD's reliable checkpoint, once written (undefined before, and for
   * localCheckpoint). @example rdd.checkpoint(); rdd.count(); rdd.getCheckpointFile() // ".../rdd-7"
   */
  getCheckpointFile(): string | undefined {
    return this.checkpointed?.checkpointFile;
  }

  /** Overridden by CheckpointRDD: where its partitions are read from. */
  get checkpointFile(): string | undefined {
    return undefined;
  }

  /**
   * Drops the references a subclass keeps to its parents, once a checkpoint has replaced them:
   * cutting lineage must also let the old chain be garbage-collected, or a stream's state (a new
   * RDD over the previous one every batch) would keep every past batch in memory. The RDD is never
   * computed from its parents again, so subclasses may forget them; numPartitions must not need them.
   */
  protected clearDependencies(): void {}

  /** Writes marked checkpoints in this RDD's lineage; runs after every job, once per RDD. */
  doCheckpoint(): void {
    if (this.checkpointWalked) return;
    this.checkpointWalked = true;
    if (this.checkpointMode && !this.checkpointed) {
      // Cached partitions are read in place: the checkpoint only emits their records, never the array.
      const parts = Array.from({ length: this.numPartitions }, (_, i) =>
        this.level !== "NONE" ? this.cachedPartition(i) : this.partitionData(i),
      );
      try {
        this.checkpointed =
          this.checkpointMode === "local" ? localCheckpoint(this, parts) : writeCheckpoint(this, parts);
      } catch (e) {
        // Try again on the next job rather than carry on silently without the checkpoint.
        this.checkpointWalked = false;
        throw e;
      }
      this.deps = [];
      this.clearDependencies();
    } else {
      for (const d of this.deps) d.rdd.doCheckpoint();
    }
  }

  setName(name: string): this {
    this.name = name;
    return this;
  }

  getNumPartitions(): number {
    return this.numPartitions;
  }

  /**
   * The lineage as text, Spark-style: `(n)` partitions, `+-` at each shuffle boundary.
   * @example console.log(counts.toDebugString());
   */
  toDebugString(): string {
    const lines: string[] = [];
    const describe = (r: RDD<any>) =>
      `${r.name ? `${r.name} ` : ""}${r.constructor.name}[${r.id}] at ${r.scope} [${
        r.level === "NONE" ? "" : "Memory Deserialized 1x Replicated"
      }]${r.checkpointed ? " (checkpointed)" : ""}`;
    const visit = (r: RDD<any>, base: string, line: string) => {
      lines.push(line + describe(r));
      for (const dep of r.dependencies) {
        if (dep instanceof ShuffleDependency)
          visit(dep.rdd, `${base}   `, `${base} +-(${dep.rdd.numPartitions}) `);
        else visit(dep.rdd, base, `${base} |  `);
      }
    };
    visit(this, "", `(${this.numPartitions}) `);
    return lines.join("\n");
  }

  // ---- transformations ---------------------------------------------------------------------

  /** @example sc.parallelize([1, 2]).map((x) => x * 10) // [10, 20] */
  map<U>(f: (x: T) => U): RDD<U> {
    return new PipelinedRDD<T, U>(this, { kind: "map", f }, "map");
  }

  /** @example sc.parallelize(["a b"]).flatMap((l) => l.split(" ")) // ["a", "b"] */
  flatMap<U>(f: (x: T) => Iterable<U>): RDD<U> {
    return new PipelinedRDD<T, U>(this, { kind: "flatMap", f }, "flatMap");
  }

  /** @example sc.parallelize([1, 2, 3]).filter((x) => x % 2 === 1) // [1, 3] */
  filter(f: (x: T) => boolean): RDD<T> {
    return new PipelinedRDD<T, T>(this, { kind: "filter", f }, "filter", true);
  }

  /**
   * Transforms a whole partition at once (`index` is the partition number).
   * @example rdd.mapPartitions((items) => [items.length]) // one count per partition
   */
  mapPartitions<U>(f: (items: T[], index: number) => Iterable<U>, preservesPartitioning = false): RDD<U> {
    return new MapPartitionsRDD(this, f, "mapPartitions", preservesPartitioning);
  }

  /** Spark's name for mapPartitions with the partition index. */
  mapPartitionsWithIndex<U>(
    f: (index: number, items: T[]) => Iterable<U>,
    preservesPartitioning = false,
  ): RDD<U> {
    return new MapPartitionsRDD(
      this,
      (items, i) => f(i, items),
      "mapPartitionsWithIndex",
      preservesPartitioning,
    );
  }

  /** Each partition as one array. @example sc.parallelize([1, 2, 3], 2).glom() // [[1], [2, 3]] */
  glom(): RDD<T[]> {
    return new MapPartitionsRDD(this, (items) => [items], "glom");
  }

  /** @example rdd.keyBy((p) => p.id) // [[id, p], ...] */
  keyBy<K>(f: (x: T) => K): RDD<[K, T]> {
    return new PipelinedRDD<T, [K, T]>(this, { kind: "keyBy", f }, "keyBy");
  }

  /** Both RDDs' records; partitioning is kept when both have the same partitioner. */
  union(...others: RDD<T>[]): RDD<T> {
    return this.context.union([this, ...others]);
  }

  /** Pairs the i-th records of two RDDs with the same partition and record counts. */
  zip<U>(other: RDD<U>): RDD<[T, U]> {
    return new ZippedPartitionsRDD(this, other, "zip");
  }

  /** Pairs each record with its position in the RDD (runs a job to count partitions). */
  zipWithIndex(): RDD<[T, number]> {
    const counts = this.context.runJob(this, (split) => {
      let n = 0;
      this.iterate(split, () => n++);
      return n;
    });
    const starts = counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
    return new MapPartitionsRDD(
      this,
      (items, i) => items.map((x, j) => [x, starts[i]! + j] as [T, number]),
      "zipWithIndex",
    );
  }

  /** The distinct records (compared by value, like keys). */
  distinct(numPartitions?: number): RDD<T> {
    return combineByKeyWith(
      this.map((x) => [x, null] as [T, null]),
      firstValue<null>(),
      this.partitionerFor(numPartitions, "distinct"),
      true,
      "distinct",
    ).keys();
  }

  /** Groups records by `f(x)`. @example rdd.groupBy((x) => x % 2) // [[0, [...]], [1, [...]]] */
  groupBy<K>(f: (x: T) => K, numPartitions?: number): RDD<[K, T[]]> {
    // Not keyBy(f).groupByKey(): a bad key's error must name the operator the user called.
    return combineByKeyWith(
      this.keyBy(f),
      groupAggregator<T>(),
      this.partitionerFor(numPartitions, "groupBy"),
      false,
      "groupBy",
    );
  }

  /** A random sample, repeatable for a given seed. */
  sample(withReplacement: boolean, fraction: number, seed = 42): RDD<T> {
    if (!(fraction >= 0) || (!withReplacement && fraction > 1)) {
      throw new IllegalArgumentError(
        `sample: fraction must be in [0, 1] without replacement, or >= 0 with it; got ${fraction}.`,
      );
    }
    return new PipelinedRDD<T, T>(
      this,
      (emit, split) => {
        const rand = seededRandom(seed * 31 + split);
        return withReplacement
          ? (x) => {
              for (let n = poisson(rand, fraction); n > 0; n--) emit(x);
            }
          : (x) => {
              if (rand() < fraction) emit(x);
            };
      },
      "sample",
      true,
    );
  }

  /** Spreads the records evenly over `n` partitions (a shuffle). */
  repartition(numPartitions: number): RDD<T> {
    return this.coalesce(numPartitions, true);
  }

  /** Fewer partitions without a shuffle (or any number, with `shuffle`). */
  coalesce(numPartitions: number, shuffle = false): RDD<T> {
    requirePartitionCount(numPartitions, shuffle ? "repartition" : "coalesce");
    if (!shuffle) return new CoalescedRDD(this, numPartitions);
    const positioned = this.mapPartitionsWithIndex((split, items) =>
      items.map((x, i) => [(split + i) % numPartitions, x] as [number, T]),
    );
    return new ShuffledRDD<number, T, T>(
      new ShuffleDependency(positioned, new HashPartitioner(numPartitions, "repartition"), "repartition"),
      "repartition",
    ).values();
  }

  /** Sorted by `f(x)`. @example rdd.sortBy((p) => p.age, false) */
  sortBy<K>(f: (x: T) => K, ascending = true, numPartitions?: number): RDD<T> {
    return this.keyBy(f).sortByKey(ascending, numPartitions).values();
  }

  // ---- pair transformations (RDD<[K, V]>) --------------------------------------------------

  /** @example pairs.mapValues((v) => v * 2) — keeps the partitioner */
  mapValues<K, V, W>(this: RDD<[K, V]>, f: (v: V) => W): RDD<[K, W]> {
    return new PipelinedRDD<[K, V], [K, W]>(this, { kind: "mapValues", f }, "mapValues", true);
  }

  /** @example pairs.flatMapValues((v) => v.split(" ")) */
  flatMapValues<K, V, W>(this: RDD<[K, V]>, f: (v: V) => Iterable<W>): RDD<[K, W]> {
    return new PipelinedRDD<[K, V], [K, W]>(this, { kind: "flatMapValues", f }, "flatMapValues", true);
  }

  keys<K, V>(this: RDD<[K, V]>): RDD<K> {
    return new PipelinedRDD<[K, V], K>(this, { kind: "keys" }, "keys");
  }

  values<K, V>(this: RDD<[K, V]>): RDD<V> {
    return new PipelinedRDD<[K, V], V>(this, { kind: "values" }, "values");
  }

  /**
   * Merges the values of each key with an associative function, combining on the map side first.
   * @example words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b)
   */
  reduceByKey<K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitions?: number | Partitioner): RDD<[K, V]> {
    const agg: Aggregator<V, V> = { createCombiner: (v) => v, mergeValue: f, mergeCombiners: f };
    return combineByKeyWith(this, agg, this.partitionerFor(partitions, "reduceByKey"), true, "reduceByKey");
  }

  /** All values of each key, as an array. Prefer reduceByKey when you only need an aggregate. */
  groupByKey<K, V>(this: RDD<[K, V]>, partitions?: number | Partitioner): RDD<[K, V[]]> {
    return combineByKeyWith(
      this,
      groupAggregator<V>(),
      this.partitionerFor(partitions, "groupByKey"),
      false,
      "groupByKey",
    );
  }

  /** Spark's general per-key aggregation. @example pairs.combineByKey((v) => [v, 1], ([s, n], v) => [s + v, n + 1], ([s1, n1], [s2, n2]) => [s1 + s2, n1 + n2]) */
  combineByKey<K, V, C>(
    this: RDD<[K, V]>,
    createCombiner: (v: V) => C,
    mergeValue: (c: C, v: V) => C,
    mergeCombiners: (a: C, b: C) => C,
    partitions?: number | Partitioner,
    mapSideCombine = true,
  ): RDD<[K, C]> {
    return combineByKeyWith(
      this,
      { createCombiner, mergeValue, mergeCombiners },
      this.partitionerFor(partitions, "combineByKey"),
      mapSideCombine,
      "combineByKey",
    );
  }

  /** Per-key aggregation from a zero value. The zero is copied per key through structuredClone. */
  aggregateByKey<K, V, U>(
    this: RDD<[K, V]>,
    zero: U,
    seqOp: (acc: U, v: V) => U,
    combOp: (a: U, b: U) => U,
    partitions?: number | Partitioner,
  ): RDD<[K, U]> {
    return combineByKeyWith(
      this,
      { createCombiner: (v) => seqOp(structuredClone(zero), v), mergeValue: seqOp, mergeCombiners: combOp },
      this.partitionerFor(partitions, "aggregateByKey"),
      true,
      "aggregateByKey",
    );
  }

  foldByKey<K, V>(
    this: RDD<[K, V]>,
    zero: V,
    f: (a: V, b: V) => V,
    partitions?: number | Partitioner,
  ): RDD<[K, V]> {
    return this.aggregateByKey(zero, f, f, partitions);
  }

  /** Places each record by its key; a no-op when already partitioned that way. */
  partitionBy<K, V>(this: RDD<[K, V]>, partitioner: Partitioner): RDD<[K, V]> {
    if (partitioner.equals(this.partitioner)) return this;
    return new ShuffledRDD<K, V, V>(new ShuffleDependency(this, partitioner, "partitionBy"), "partitionBy");
  }

  /**
   * For each key, the values from this RDD and from each other RDD, as arrays.
   * @example a.cogroup(b) // [[k, [[a's values], [b's values]]], ...]
   */
  cogroup<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: number | Partitioner,
  ): RDD<[K, [V[], W[]]]> {
    const part = this.partitionerFor(partitions, "cogroup", other);
    return new CoGroupedRDD<K>([this, other], part, "cogroup") as unknown as RDD<[K, [V[], W[]]]>;
  }

  /** Inner join on key. @example a.join(b) // [[k, [v, w]], ...] */
  join<K, V, W>(this: RDD<[K, V]>, other: RDD<[K, W]>, partitions?: number | Partitioner): RDD<[K, [V, W]]> {
    return this.cogroupFor(other, partitions, "join").flatMapValues(function* ([vs, ws]) {
      for (const v of vs) for (const w of ws) yield [v, w] as [V, W];
    });
  }

  /** Every key of this RDD; the right side is undefined where `other` has no value. */
  leftOuterJoin<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: number | Partitioner,
  ): RDD<[K, [V, W | undefined]]> {
    return this.cogroupFor(other, partitions, "leftOuterJoin").flatMapValues(function* ([vs, ws]) {
      for (const v of vs) {
        if (ws.length === 0) yield [v, undefined] as [V, W | undefined];
        else for (const w of ws) yield [v, w] as [V, W | undefined];
      }
    });
  }

  /** Every key of `other`; the left side is undefined where this RDD has no value. */
  rightOuterJoin<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: number | Partitioner,
  ): RDD<[K, [V | undefined, W]]> {
    return this.cogroupFor(other, partitions, "rightOuterJoin").flatMapValues(function* ([vs, ws]) {
      for (const w of ws) {
        if (vs.length === 0) yield [undefined, w] as [V | undefined, W];
        else for (const v of vs) yield [v, w] as [V | undefined, W];
      }
    });
  }

  /** Every key of either side; the missing side is undefined. */
  fullOuterJoin<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: number | Partitioner,
  ): RDD<[K, [V | undefined, W | undefined]]> {
    return this.cogroupFor(other, partitions, "fullOuterJoin").flatMapValues(function* ([vs, ws]) {
      if (vs.length === 0) for (const w of ws) yield [undefined, w] as [V | undefined, W | undefined];
      else if (ws.length === 0) for (const v of vs) yield [v, undefined] as [V | undefined, W | undefined];
      else for (const v of vs) for (const w of ws) yield [v, w] as [V | undefined, W | undefined];
    });
  }

  /** Pairs of this RDD whose key does not occur in `other`. */
  subtractByKey<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions?: number | Partitioner,
  ): RDD<[K, V]> {
    return this.cogroupFor(other, partitions, "subtractByKey").flatMapValues(([vs, ws]) =>
      ws.length === 0 ? vs : [],
    );
  }

  /**
   * Sorted by key (a range-partitioned shuffle, then a sort within each partition), in the natural
   * order (see compareValues) or by `compare`.
   * @example pairs.sortByKey(false) // largest key first
   * @example words.sortByKey(true, 2, (a, b) => a.length - b.length) // shortest key first
   */
  sortByKey<K, V>(
    this: RDD<[K, V]>,
    ascending = true,
    numPartitions?: number,
    compare: (a: K, b: K) => number = compareValues,
  ): RDD<[K, V]> {
    // An RDD with no partitions (emptyRDD, an empty batch) still sorts, into one empty partition.
    const n = numPartitions ?? Math.max(this.numPartitions, 1);
    requirePartitionCount(n, "sortByKey");
    const keys = this.keys().collect().sort(compare);
    const bounds: K[] = [];
    for (let i = 1; i < n && keys.length > 0; i++)
      bounds.push(keys[Math.min(keys.length - 1, Math.floor((i * keys.length) / n))]!);
    const part = new RangePartitioner<K>(bounds, compare, ascending);
    const sign = ascending ? 1 : -1;
    const shuffled = new ShuffledRDD<K, V, V>(new ShuffleDependency(this, part, "sortByKey"), "sortByKey");
    return shuffled.mapPartitions((items) => items.sort((a, b) => sign * compare(a[0], b[0])), true);
  }

  // ---- actions -----------------------------------------------------------------------------

  /** All records, partition by partition. @example sc.parallelize([1, 2]).collect() // [1, 2] */
  collect(): T[] {
    const parts = this.context.runJob(this, (split) => {
      // A partition that is data already (a source, the cache, a checkpoint) is copied in one
      // go below rather than pushed record by record, which costs far more on a large batch.
      const data = this.inMemoryPartition(split);
      if (data) return data;
      const out: T[] = [];
      this.iterate(split, (x) => out.push(x));
      return out;
    });
    return parts.length === 1 ? parts[0]!.slice() : ([] as T[]).concat(...parts);
  }

  /**
   * collect(), with the shuffles' map side computed first on the worker threads (Spark's
   * collectAsync): meanwhile the main thread serves its event loop, so a notebook stays
   * responsive. collect() alone computes everything on the main thread, synchronously.
   * @example const counts = await words.map((w) => [w, 1]).reduceByKey((a, b) => a + b).collectAsync();
   */
  async collectAsync(): Promise<T[]> {
    await computeMapStages(this, yieldToEventLoop);
    return this.collect();
  }

  /** count(), with the shuffles' map side on the worker threads first (see collectAsync). */
  async countAsync(): Promise<number> {
    await computeMapStages(this, yieldToEventLoop);
    return this.count();
  }

  /** @example sc.parallelize([1, 2]).count() // 2 */
  count(): number {
    let n = 0;
    this.context.runJob(this, (split) => this.iterate(split, () => n++));
    return n;
  }

  isEmpty(): boolean {
    return this.take(1).length === 0;
  }

  /** The first `n` records, computing only as many partitions as needed. */
  take(n: number): T[] {
    const out: T[] = [];
    for (let split = 0; split < this.numPartitions && out.length < n; split++) {
      this.context.runJob(this, (s) => this.iterate(s, (x) => out.length < n && out.push(x)), [split]);
    }
    return out;
  }

  /** The first record; an error on an empty RDD. */
  first(): T {
    const got = this.take(1);
    if (got.length === 0) throw emptyError("first", "rdd.take(1)");
    return got[0] as T;
  }

  /** Folds all records with an associative, commutative function; an error on an empty RDD. */
  reduce(f: (a: T, b: T) => T): T {
    return this.reduceAs("reduce", "rdd.fold(zero, f)", f);
  }

  /** reduce, with the empty-RDD error naming the action the user called. */
  private reduceAs(action: string, fix: string, f: (a: T, b: T) => T): T {
    const partials = this.context.runJob(this, (split) => {
      let acc: T | undefined;
      let seen = false;
      this.iterate(split, (x) => {
        acc = seen ? f(acc as T, x) : x;
        seen = true;
      });
      return seen ? [acc as T] : [];
    });
    const values = partials.flat();
    if (values.length === 0) throw emptyError(action, fix);
    return values.reduce(f);
  }

  /** Like reduce, from a zero value per partition and once more for the result. */
  fold(zero: T, f: (a: T, b: T) => T): T {
    return this.aggregate(zero, f, f);
  }

  /** Aggregates each partition from a (copied) zero with seqOp, then the partials with combOp. */
  aggregate<U>(zero: U, seqOp: (acc: U, x: T) => U, combOp: (a: U, b: U) => U): U {
    const partials = this.context.runJob(this, (split) => {
      let acc = structuredClone(zero);
      this.iterate(split, (x) => {
        acc = seqOp(acc, x);
      });
      return acc;
    });
    return partials.reduce(combOp, structuredClone(zero));
  }

  /** Runs `f` on every record (for side effects). */
  foreach(f: (x: T) => void): void {
    this.context.runJob(this, (split) => this.iterate(split, f));
  }

  foreachPartition(f: (items: T[], index: number) => void): void {
    this.context.runJob(this, (split) => f(this.partitionData(split), split));
  }

  /** How often each distinct record occurs (records compare by value, like keys). */
  countByValue(): Map<T, number> {
    return countBy(this, (x) => x, "countByValue");
  }

  /** How many pairs each key has. */
  countByKey<K, V>(this: RDD<[K, V]>): Map<K, number> {
    return countBy(this, (kv) => kv[0], "countByKey");
  }

  /** The pairs as a Map (the last value wins for a repeated key). */
  collectAsMap<K, V>(this: RDD<[K, V]>): Map<K, V> {
    const m = new KeyMap<K, V>("collectAsMap");
    for (const [k, v] of this.collect()) m.set(k, v);
    return new Map(m.entries());
  }

  /** All values for `key`. */
  lookup<K, V>(this: RDD<[K, V]>, key: K): V[] {
    const probe = new KeyMap<K, true>("lookup").set(key, true);
    return this.filter(([k]) => probe.has(k))
      .values()
      .collect();
  }

  /** The `n` largest records. */
  top(n: number, compare: (a: T, b: T) => number = compareValues): T[] {
    return this.takeOrdered(n, (a, b) => compare(b, a));
  }

  /** The `n` smallest records. */
  takeOrdered(n: number, compare: (a: T, b: T) => number = compareValues): T[] {
    const partials = this.context.runJob(this, (split) =>
      this.partitionData(split).slice().sort(compare).slice(0, n),
    );
    return partials.flat().sort(compare).slice(0, n);
  }

  /** The largest record; an error on an empty RDD. @example sc.parallelize([3, 10, 2]).max() // 10 */
  max(compare: (a: T, b: T) => number = compareValues): T {
    return this.reduceAs("max", "rdd.top(1)", (a, b) => (compare(a, b) >= 0 ? a : b));
  }

  /** The smallest record; an error on an empty RDD. @example sc.parallelize([3, 10, 2]).min() // 2 */
  min(compare: (a: T, b: T) => number = compareValues): T {
    return this.reduceAs("min", "rdd.takeOrdered(1)", (a, b) => (compare(a, b) <= 0 ? a : b));
  }

  sum(this: RDD<number>): number {
    return this.fold(0, (a, b) => a + b);
  }

  /** The mean of a numeric RDD; NaN when empty. */
  mean(this: RDD<number>): number {
    const [s, n] = this.aggregate(
      [0, 0] as [number, number],
      (acc, x) => [acc[0] + x, acc[1] + 1],
      (a, b) => [a[0] + b[0], a[1] + b[1]],
    );
    return s / n;
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The partitioner for a by-key operation: given, or kept from an input, or the default. */
  partitionerFor(
    partitions: number | Partitioner | undefined,
    operator: string,
    ...others: RDD<any>[]
  ): Partitioner {
    if (partitions !== undefined && typeof partitions !== "number") return partitions;
    if (partitions === undefined) {
      const existing = [this, ...others].find((r) => r.partitioner instanceof HashPartitioner)?.partitioner;
      if (existing) return (existing as HashPartitioner).forOperator(operator);
    }
    const n = partitions ?? Math.max(this.numPartitions, ...others.map((r) => r.numPartitions), 1);
    return new HashPartitioner(n, operator);
  }

  private cogroupFor<K, V, W>(
    this: RDD<[K, V]>,
    other: RDD<[K, W]>,
    partitions: number | Partitioner | undefined,
    operator: string,
  ): RDD<[K, [V[], W[]]]> {
    const part = this.partitionerFor(partitions, operator, other);
    return new CoGroupedRDD<K>([this, other], part, operator) as unknown as RDD<[K, [V[], W[]]]>;
  }
}

/** Counts records by `key(x)`; errors about bad keys name `operator`. */
function countBy<T, K>(rdd: RDD<T>, key: (x: T) => K, operator: string): Map<K, number> {
  const counts = new KeyMap<K, number>(operator);
  rdd.foreach((x) => {
    const k = key(x);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  return new Map(counts.entries());
}

function emptyError(action: string, fix: string): IllegalStateError {
  return new IllegalStateError(
    `${action}: the RDD is empty, so there is no result. Fix: check isEmpty() first or use ${fix}.`,
  );
}
