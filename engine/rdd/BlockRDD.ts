import { type BatchContext, type Emit, RDD } from "./internal";

/**
 * The records a receiver stored for one batch, one partition per block (Spark's BlockRDD): the
 * partitions are in memory already, so they ship to workers as data.
 */
export class BlockRDD<T> extends RDD<T> {
  constructor(
    context: BatchContext,
    private readonly received: readonly (readonly T[])[],
  ) {
    super(context, [], "receiver blocks");
  }

  get numPartitions(): number {
    return this.received.length;
  }

  protected override sourcePartition(split: number): readonly T[] {
    return this.received[split]!;
  }

  protected compute(split: number, emit: Emit<T>): void {
    const block = this.received[split]!;
    for (let i = 0; i < block.length; i++) emit(block[i]!);
  }
}
