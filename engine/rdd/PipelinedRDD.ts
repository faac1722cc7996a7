import { type Emit, OneToOneDependency, RDD } from "./internal";
import { type Step, stageOf } from "./steps";

/**
 * One element-wise step (map, flatMap, filter, keyBy, mapValues, sample, ...). `stage` turns the
 * downstream emitter into the upstream one, so a chain of steps runs as one loop per partition
 * with no intermediate arrays — Spark pipelines narrow transformations the same way.
 *
 * A step given as a Step (kind and function) rather than a bare stage can also be re-created in a
 * worker thread by the parallel executor; steps with hidden state (sample's seeded generator) stay
 * bare stages and always run on the main thread.
 */
export class PipelinedRDD<T, U> extends RDD<U> {
  private parent: RDD<T> | undefined;
  private readonly parts: number;
  private readonly stage: (emit: Emit<U>, split: number) => Emit<T>;
  private readonly step: Step | undefined;

  constructor(
    parent: RDD<T>,
    stage: ((emit: Emit<U>, split: number) => Emit<T>) | Step,
    scope: string,
    preservesPartitioning = false,
  ) {
    super(parent.context, [new OneToOneDependency(parent)], scope);
    this.parent = parent;
    this.parts = parent.numPartitions;
    if (typeof stage === "function") {
      this.stage = stage;
    } else {
      this.step = stage;
      this.stage = stageOf(stage);
    }
    if (preservesPartitioning) this.partitioner = parent.partitioner;
  }

  get numPartitions(): number {
    return this.parts;
  }

  override narrowInput(split: number): { step: Step; parent: RDD<unknown>; split: number } | undefined {
    return this.step && this.parent && { step: this.step, parent: this.parent, split };
  }

  protected compute(split: number, emit: Emit<U>): void {
    this.parent!.iterate(split, this.stage(emit, split));
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }
}
