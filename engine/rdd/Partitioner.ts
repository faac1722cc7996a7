import { IllegalArgumentError } from "../errors";
import { hashKey } from "../util/keys";

/** Decides which partition of a shuffled RDD a key goes to. */
export abstract class Partitioner {
  abstract readonly numPartitions: number;
  abstract getPartition(key: unknown): number;
  /** Two RDDs partitioned by equal partitioners can be joined without a shuffle. */
  abstract equals(other: Partitioner | undefined): boolean;
}

/**
 * Spark's default: the key's value hash modulo the number of partitions.
 *
 * @example rdd.partitionBy(new HashPartitioner(4))
 */
export class HashPartitioner extends Partitioner {
  constructor(
    readonly numPartitions: number,
    /** Named by errors about keys that cannot be hashed. */
    readonly operator = "partitionBy",
  ) {
    super();
    requirePartitionCount(numPartitions, "HashPartitioner");
  }

  getPartition(key: unknown): number {
    const h = hashKey(key, this.operator) % this.numPartitions;
    return h < 0 ? h + this.numPartitions : h;
  }

  equals(other: Partitioner | undefined): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  /** The same partitioning, but errors about bad keys name `operator`. */
  forOperator(operator: string): HashPartitioner {
    return operator === this.operator ? this : new HashPartitioner(this.numPartitions, operator);
  }
}

/**
 * Sends keys to partitions by sorted ranges (for sortBy/sortByKey): partition i holds keys
 * greater than bounds[i-1] and at most bounds[i].
 */
export class RangePartitioner<K> extends Partitioner {
  readonly numPartitions: number;

  constructor(
    private readonly bounds: K[],
    private readonly compare: (a: K, b: K) => number,
    private readonly ascending: boolean,
  ) {
    super();
    this.numPartitions = bounds.length + 1;
  }

  getPartition(key: unknown): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(key as K, this.bounds[mid]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return this.ascending ? lo : this.numPartitions - 1 - lo;
  }

  equals(other: Partitioner | undefined): boolean {
    return other === this;
  }
}

export function requirePartitionCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new IllegalArgumentError(
      `${what}: the number of partitions must be a whole number of at least 1; got ${n}. ` +
        "Fix: pass a positive integer such as 2, or leave it out to use the context's parallelism.",
    );
  }
}
