import { type Emit, OneToOneDependency, RDD } from "./internal";

/**
 * One element-wise step (map, flatMap, filter, keyBy, mapValues, sample, ...). `stage` turns the
 * downstream emitter into the upstream one, so a chain of steps runs as one loop per partition
 * with no intermediate arrays — Spark pipelines narrow transformations the same way.
 */
export class PipelinedRDD<T, U> extends RDD<U> {
  private parent: RDD<T> | undefined;
  private readonly parts: number;

  constructor(
    parent: RDD<T>,
    private readonly stage: (emit: Emit<U>, split: number) => Emit<T>,
    scope: string,
    preservesPartitioning = false,
  ) {
    super(parent.context, [new OneToOneDependency(parent)], scope);
    this.parent = parent;
    this.parts = parent.numPartitions;
    if (preservesPartitioning) this.partitioner = parent.partitioner;
  }

  get numPartitions(): number {
    return this.parts;
  }

  protected compute(split: number, emit: Emit<U>): void {
    this.parent!.iterate(split, this.stage(emit, split));
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }
}
