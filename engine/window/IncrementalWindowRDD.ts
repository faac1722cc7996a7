import { type Emit, OneToOneDependency, RDD } from "../rdd/internal";

/**
 * A window of reduceByKeyAndWindow with an inverse function. Normally it is computed
 * incrementally from the previous window; if the previous window failed (a function threw on a
 * batch inside it), it is computed afresh from the batches in this window instead — otherwise
 * every later window would build on the failed one and the stream could never recover, even
 * after the bad batch has left the window. A window that fails is marked so the next one does
 * the same.
 */
export class IncrementalWindowRDD<K, V> extends RDD<[K, V]> {
  private failed = false;
  private previous: RDD<[K, V]> | undefined;
  private incremental: RDD<[K, V]> | undefined;
  private afresh: (() => RDD<[K, V]>) | undefined;
  private readonly parts: number;

  constructor(previous: RDD<[K, V]>, incremental: RDD<[K, V]>, afresh: () => RDD<[K, V]>) {
    // Only the incremental lineage is declared: the afresh one is built and read only after a
    // failure, and listing it would double every level of toDebugString.
    super(incremental.context, [new OneToOneDependency(incremental)], "reduceByKeyAndWindow");
    this.previous = previous;
    this.incremental = incremental;
    this.afresh = afresh;
    this.partitioner = incremental.partitioner;
    this.parts = incremental.numPartitions;
  }

  get numPartitions(): number {
    return this.parts;
  }

  /** Whether computing this window failed. */
  get hasFailed(): boolean {
    return this.failed;
  }

  protected compute(split: number, emit: Emit<[K, V]>): void {
    const previousFailed = this.previous instanceof IncrementalWindowRDD && this.previous.hasFailed;
    const source = previousFailed ? this.afresh!() : this.incremental!;
    try {
      source.iterate(split, emit);
    } catch (e) {
      this.failed = true;
      for (let i = 0; i < this.parts; i++) this.evictPartition(i);
      throw e;
    }
  }

  protected override clearDependencies(): void {
    this.previous = undefined;
    this.incremental = undefined;
    this.afresh = undefined;
  }
}
