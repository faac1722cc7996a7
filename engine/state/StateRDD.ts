import {
  type BatchContext,
  CoGroupedRDD,
  type Emit,
  OneToOneDependency,
  type Partitioner,
  RDD,
} from "../rdd/internal";

/** updateStateByKey's function: the key's new values in the batch and its state; undefined removes it. */
export type UpdateFunction<K, V, S> = (values: V[], state: S | undefined, key: K) => S | undefined;

/**
 * updateStateByKey's state after one batch: the previous state cogrouped with the batch, the
 * update function run for every key in either (Spark's StateDStream.compute).
 *
 * If computing it fails — the update function throws, or anything upstream in the batch does —
 * its batch fails, and from then on it stands for the previous state unchanged. The next batch
 * continues from the last good state; otherwise every later batch would recompute this one from
 * lineage, fail the same way, and the stream could never recover.
 */
export class StateRDD<K, V, S> extends RDD<[K, S]> {
  private grouped: RDD<[K, [V[], S[]]]> | undefined;
  /** The previous state placed by this RDD's partitioner (the same RDD when already placed). */
  private previous: RDD<[K, S]> | undefined;
  private failed = false;
  private readonly parts: number;

  constructor(
    previous: RDD<[K, S]>,
    batch: RDD<[K, V]>,
    private readonly update: UpdateFunction<K, V, S>,
    partitioner: Partitioner,
  ) {
    const grouped = new CoGroupedRDD<K>([batch, previous], partitioner, "updateStateByKey");
    super(previous.context, [new OneToOneDependency(grouped)], "updateStateByKey");
    this.grouped = grouped as unknown as RDD<[K, [V[], S[]]]>;
    // Not a declared dependency: it is read only after a failure, and listing it would double
    // every level of toDebugString (it is already reached through `grouped`).
    this.previous = previous.partitionBy(partitioner);
    this.partitioner = partitioner;
    this.parts = partitioner.numPartitions;
  }

  get numPartitions(): number {
    return this.parts;
  }

  /** Whether computing this batch's state failed (it then holds the previous state). */
  get hasFailed(): boolean {
    return this.failed;
  }

  protected compute(split: number, emit: Emit<[K, S]>): void {
    if (this.failed) {
      this.previous!.iterate(split, emit);
      return;
    }
    const update = this.update;
    try {
      this.grouped!.iterate(split, ([key, [values, states]]) => {
        const next = update(values, states[0], key);
        if (next !== undefined) emit([key, next]);
      });
    } catch (e) {
      this.failed = true;
      // Partitions already computed hold this batch's updates: drop them so that every
      // partition falls back alike, and the batch counts as not applied at all.
      for (let i = 0; i < this.parts; i++) this.evictPartition(i);
      throw e;
    }
  }

  protected override clearDependencies(): void {
    this.grouped = undefined;
    this.previous = undefined;
  }
}

/**
 * Stands for a batch whose RDD could not even be built (a transform function threw while the
 * batch was planned): reading it throws that error, so the batch fails with it and a stateful
 * stream above can fall back instead of re-planning the bad batch at every later one.
 */
export function failedBatch<T>(sc: BatchContext, error: unknown): RDD<T> {
  return sc.parallelize([0], 1).mapPartitions<T>(() => {
    throw error;
  });
}
