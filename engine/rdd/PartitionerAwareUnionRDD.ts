import { type BatchContext, type Emit, OneToOneDependency, RDD } from "./internal";

/**
 * Union of RDDs that share a partitioner: partition i is every input's partition i, so the
 * result keeps the partitioner and a later reduceByKey needs no shuffle (windowed streams).
 */
export class PartitionerAwareUnionRDD<T> extends RDD<T> {
  private rdds: RDD<T>[];
  private readonly parts: number;

  constructor(context: BatchContext, rdds: RDD<T>[]) {
    super(
      context,
      rdds.map((r) => new OneToOneDependency(r)),
      "union",
    );
    this.rdds = rdds;
    this.parts = rdds[0]!.numPartitions;
    this.partitioner = rdds[0]!.partitioner;
  }

  get numPartitions(): number {
    return this.parts;
  }

  protected compute(split: number, emit: Emit<T>): void {
    for (const r of this.rdds) r.iterate(split, emit);
  }

  protected override clearDependencies(): void {
    this.rdds = [];
  }
}
