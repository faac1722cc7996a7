import { type BatchContext, type Emit, RDD } from "./internal";

/** An in-memory collection cut into `numSlices` contiguous slices (sc.parallelize). */
export class ParallelCollectionRDD<T> extends RDD<T> {
  private readonly bounds: number[];

  constructor(
    context: BatchContext,
    private readonly data: readonly T[],
    numSlices: number,
    scope = "parallelize",
  ) {
    super(context, [], scope);
    this.bounds = Array.from({ length: numSlices + 1 }, (_, i) => Math.floor((i * data.length) / numSlices));
  }

  get numPartitions(): number {
    return this.bounds.length - 1;
  }

  protected override sourcePartition(split: number): readonly T[] {
    return this.data.slice(this.bounds[split], this.bounds[split + 1]);
  }

  protected compute(split: number, emit: Emit<T>): void {
    const end = this.bounds[split + 1]!;
    for (let i = this.bounds[split]!; i < end; i++) emit(this.data[i]!);
  }
}
