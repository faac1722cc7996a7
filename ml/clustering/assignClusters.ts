import { tf } from "../backend";
import type { VectorLike } from "../linalg/vectors";

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
 * Assigns every point to its closest centre and sums per centre: the distances (one matMul),
 * argMin and min on tfjs, the per-cluster sums in one float64 pass over the assignments. Points and centres are first shifted by
 * the centres' mean (in float64), so the float32 distances do not lose the differences between
 * points that sit far from the origin. Ties go to the lower index, as in MLlib's findClosest.
 */
export function assignClusters(
  points: readonly VectorLike[],
  centers: readonly Float64Array[],
): ClusterStats {
  const k = centers.length;
  const d = centers[0]!.length;
  const n = points.length;
  const shift = new Float64Array(d);
  for (const c of centers) for (let j = 0; j < d; j++) shift[j]! += c[j]! / k;
  const X = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    const p = points[r]!;
    for (let j = 0; j < d; j++) X[r * d + j] = p[j]! - shift[j]!;
  }
  // −2·Cᵀ (d × k) and ‖c‖² (k), so that one fused matMul with bias gives ‖c‖² − 2x·c for every
  // point and centre. Cᵀ is built here: matMul with transposeB is about 6x slower on wasm.
  const Ct = new Float32Array(d * k);
  const cc = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const v = centers[c]![j]! - shift[j]!;
      Ct[j * k + c] = -2 * v;
      norm += v * v;
    }
    cc[c] = norm;
  }
  const [closestT, minT] = tf.tidy(() => {
    // ‖x − c‖² = ‖x‖² − 2x·c + ‖c‖²; ‖x‖² does not change which centre is closest, so it is
    // added in the loop below, in float64.
    const partial = tf.fused.matMul({
      a: tf.tensor2d(X, [n, d]),
      b: tf.tensor2d(Ct, [d, k]),
      bias: tf.tensor1d(cc),
    });
    return [partial.argMin(1), partial.min(1)];
  });
  const closest = closestT.dataSync() as Int32Array;
  const minPartial = minT.dataSync() as Float32Array;
  closestT.dispose();
  minT.dispose();
  // Per-cluster sums and counts from the assignments: one pass over the points (a one-hot matMul
  // on tfjs costs more than it saves at this size; see bench/ml.ts).
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let cost = 0;
  for (let r = 0; r < n; r++) {
    const c = closest[r]!;
    counts[c]! += 1;
    let xx = 0;
    const base = r * d;
    for (let j = 0; j < d; j++) {
      const v = X[base + j]!;
      xx += v * v;
      sums[c * d + j]! += v;
    }
    cost += Math.max(0, minPartial[r]! + xx);
  }
  // Undo the shift: each cluster's sum gains count × shift.
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) sums[c * d + j]! += counts[c]! * shift[j]!;
  return { sums, counts, cost };
}
