import type { Partitioner } from "./Partitioner";
import type { RDD } from "./RDD";

/** A link in an RDD's lineage: which parent RDD, and which of its partitions each child needs. */
export abstract class Dependency {
  abstract readonly rdd: RDD<any>;
}

/** Each child partition depends on a known, small set of parent partitions: no shuffle. */
export abstract class NarrowDependency extends Dependency {
  abstract getParents(partition: number): number[];
}

/** Child partition i is parent partition i (map, filter, ...). */
export class OneToOneDependency extends NarrowDependency {
  constructor(readonly rdd: RDD<any>) {
    super();
  }

  getParents(partition: number): number[] {
    return [partition];
  }
}

/** Child partitions [outStart, outStart+length) are parent partitions [inStart, ...) (union). */
export class RangeDependency extends NarrowDependency {
  constructor(
    readonly rdd: RDD<any>,
    private readonly inStart: number,
    private readonly outStart: number,
    private readonly length: number,
  ) {
    super();
  }

  getParents(partition: number): number[] {
    const i = partition - this.outStart;
    return i >= 0 && i < this.length ? [this.inStart + i] : [];
  }
}

/** How values for one key are folded together (Spark's Aggregator). */
export interface Aggregator<V, C> {
  createCombiner(v: V): C;
  mergeValue(c: C, v: V): C;
  mergeCombiners(a: C, b: C): C;
}

/**
 * Every child partition may need records from every parent partition: a stage boundary.
 * The map side's output (one bucket per child partition, per parent partition) is kept on
 * this object, so it lives exactly as long as the RDDs that use it and a lost reduce partition
 * is rebuilt without re-running the map side.
 */
export class ShuffleDependency<K, V, C> extends Dependency {
  /**
   * outputs[mapPartition][reducePartition] = records (combined when mapSideCombine). A missing
   * map output, or a missing bucket (read once and dropped, see readShuffle), is recomputed.
   */
  outputs: ((Array<[K, V | C]> | undefined)[] | undefined)[] | undefined;

  constructor(
    readonly rdd: RDD<[K, V]>,
    readonly partitioner: Partitioner,
    readonly operator: string,
    readonly aggregator?: Aggregator<V, C>,
    readonly mapSideCombine = false,
  ) {
    super();
  }
}
