import type { RowSource } from "./RowSource";

/** Per-cluster sums of one batch: what MLlib's aggregateByKey over (closest, (point, 1)) yields. */
export interface ClusterStats {
  /** k × d sums of the points closest to each centre, row-major. */
  sums: Float64Array;
  /** Points closest to each centre. */
  counts: Float64Array;
  /** Sum of squared distances to the closest centre (the batch's cost against these centres). */
  cost: number;
}

/**
 * The k-means kernel: every one of the `n` rows of `rows` goes to its closest centre (the
 * first on ties, as MLlib's findClosest), and is summed there. Undefined when `rows` cannot give
 * a row. Implementations: clusterStatsReference (the oracle), clusterStatsWasm and
 * clusterStatsTfjs; backend.ts chooses between the last two.
 */
export type ClusterStatsKernel = (
  rows: RowSource,
  n: number,
  centers: readonly Float64Array[],
) => ClusterStats | undefined;
