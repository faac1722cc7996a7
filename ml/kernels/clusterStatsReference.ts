import type { ClusterStatsKernel } from "./ClusterStats";

/**
 * The k-means kernel written for reading, not speed: one point at a time, the squared distance
 * to every centre as the sum of squared differences, in float64. The tests hold the fast paths
 * to it.
 *
 * @example
 * clusterStatsReference(packedRows(Float64Array.of(0, 1, 9), 1), 3, [Float64Array.of(0), Float64Array.of(10)]);
 * // { sums: [1, 9], counts: [2, 1], cost: 2 }
 */
export const clusterStatsReference: ClusterStatsKernel = (rows, n, centers) => {
  const k = centers.length;
  const d = centers[0]!.length;
  const X = new Float64Array(n * d);
  if (!rows({ start: 0, len: n, out: X, stride: d })) return undefined;
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let cost = 0;
  for (let r = 0; r < n; r++) {
    const x = X.subarray(r * d, (r + 1) * d);
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      let distance = 0;
      for (let j = 0; j < d; j++) distance += (x[j]! - centers[c]![j]!) ** 2;
      // Strictly smaller: the first centre wins a tie.
      if (distance < bestDistance) {
        bestDistance = distance;
        best = c;
      }
    }
    counts[best]! += 1;
    for (let j = 0; j < d; j++) sums[best * d + j]! += x[j]!;
    cost += bestDistance;
  }
  return { sums, counts, cost };
};
