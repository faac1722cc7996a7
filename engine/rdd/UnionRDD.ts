import { type BatchContext, type Emit, RangeDependency, RDD } from "./internal";

/** The partitions of several RDDs one after another (no shuffle). */
export class UnionRDD<T> extends RDD<T> {
  private readonly starts: number[];
  private rdds: RDD<T>[];

  constructor(context: BatchContext, rdds: RDD<T>[]) {
    const starts: number[] = [];
    let pos = 0;
    for (const r of rdds) {
      starts.push(pos);
      pos += r.numPartitions;
    }
    super(
      context,
      rdds.map((r, i) => new RangeDependency(r, 0, starts[i]!, r.numPartitions)),
      "union",
    );
    this.starts = [...starts, pos];
    this.rdds = rdds;
  }

  get numPartitions(): number {
    return this.starts[this.starts.length - 1]!;
  }

  protected compute(split: number, emit: Emit<T>): void {
    const i = this.parentIndex(split);
    this.rdds[i]!.iterate(split - this.starts[i]!, emit);
  }

  override narrowInput(split: number): { step: undefined; parent: RDD<unknown>; split: number } | undefined {
    const i = this.parentIndex(split);
    const parent = this.rdds[i];
    return parent && { step: undefined, parent, split: split - this.starts[i]! };
  }

  private parentIndex(split: number): number {
    let i = 0;
    while (this.starts[i + 1]! <= split) i++;
    return i;
  }

  protected override clearDependencies(): void {
    this.rdds = [];
  }
}
