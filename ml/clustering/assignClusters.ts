import { clusterStats } from "../backend";
import type { ClusterStats } from "../kernels/ClusterStats";
import { packedRows } from "../kernels/RowSource";
import { packRows64, type VectorLike } from "../linalg/vectors";

/**
 * Assigns every point to its closest centre (the first on ties, as MLlib's findClosest) and
 * sums per centre: one k-means step's statistics. Points must have the centres' dimension and
 * be finite; tfjs must be ready (large k·d runs there).
 *
 * @example
 * await ready();
 * const { counts, sums, cost } = assignClusters([[0], [1], [9]], [Float64Array.of(0), Float64Array.of(10)]);
 * // counts [2, 1], sums [1, 9], cost 2
 */
export function assignClusters(
  points: readonly VectorLike[],
  centers: readonly Float64Array[],
): ClusterStats {
  const d = centers[0]!.length;
  // Packed rows are always given, so the kernel always returns stats.
  return clusterStats(packedRows(packRows64(points, d), d), points.length, centers)!;
}
