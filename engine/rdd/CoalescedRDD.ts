import { type Emit, NarrowDependency, RDD } from "./internal";

class CoalesceDependency extends NarrowDependency {
  constructor(
    readonly rdd: RDD<any>,
    private readonly groups: number[][],
  ) {
    super();
  }

  getParents(partition: number): number[] {
    return this.groups[partition] ?? [];
  }
}

/** Fewer partitions by merging neighbouring parent partitions (no shuffle). */
export class CoalescedRDD<T> extends RDD<T> {
  private readonly groups: number[][];
  private parent: RDD<T> | undefined;

  constructor(parent: RDD<T>, numPartitions: number) {
    const n = Math.min(numPartitions, Math.max(parent.numPartitions, 1));
    const groups = Array.from({ length: n }, (_, i) => {
      const from = Math.floor((i * parent.numPartitions) / n);
      const to = Math.floor(((i + 1) * parent.numPartitions) / n);
      return Array.from({ length: to - from }, (_, j) => from + j);
    });
    super(parent.context, [new CoalesceDependency(parent, groups)], "coalesce");
    this.groups = groups;
    this.parent = parent;
  }

  get numPartitions(): number {
    return this.groups.length;
  }

  protected compute(split: number, emit: Emit<T>): void {
    for (const p of this.groups[split]!) this.parent!.iterate(p, emit);
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }
}
