import { type Emit, OneToOneDependency, RDD } from "./internal";

/** A transformation that needs a whole partition at once (mapPartitions, glom, sorting). */
export class MapPartitionsRDD<T, U> extends RDD<U> {
  private parent: RDD<T> | undefined;
  private readonly parts: number;

  constructor(
    parent: RDD<T>,
    private readonly f: (items: T[], index: number) => Iterable<U>,
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
    for (const y of this.f(this.parent!.partitionData(split), split)) emit(y);
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }
}
