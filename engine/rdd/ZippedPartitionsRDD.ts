import { IllegalArgumentError } from "../errors";
import { type Emit, OneToOneDependency, RDD } from "./internal";

/** Pairs the i-th records of two RDDs partition by partition (rdd.zip). */
export class ZippedPartitionsRDD<A, B> extends RDD<[A, B]> {
  private a: RDD<A> | undefined;
  private b: RDD<B> | undefined;
  private readonly parts: number;

  constructor(a: RDD<A>, b: RDD<B>, scope: string) {
    super(a.context, [new OneToOneDependency(a), new OneToOneDependency(b)], scope);
    this.a = a;
    this.b = b;
    this.parts = a.numPartitions;
    if (a.numPartitions !== b.numPartitions) {
      throw new IllegalArgumentError(
        `zip: both RDDs must have the same number of partitions (${a.numPartitions} vs ${b.numPartitions}). ` +
          "Fix: build both from the same parent RDD with map, or use zipWithIndex and join.",
      );
    }
  }

  get numPartitions(): number {
    return this.parts;
  }

  protected compute(split: number, emit: Emit<[A, B]>): void {
    const xs = this.a!.partitionData(split);
    const ys = this.b!.partitionData(split);
    if (xs.length !== ys.length) {
      throw new IllegalArgumentError(
        `zip: partition ${split} has ${xs.length} records on the left and ${ys.length} on the right; ` +
          "zip needs equal counts. Fix: derive both RDDs from the same parent with map.",
      );
    }
    for (let i = 0; i < xs.length; i++) emit([xs[i]!, ys[i]!]);
  }

  protected override clearDependencies(): void {
    this.a = undefined;
    this.b = undefined;
  }
}
