import { tf } from "../tfjs";
import type { ClusterStatsKernel } from "./ClusterStats";
import { shiftedCenters } from "./shiftedCenters";

/**
 * The k-means kernel on tfjs: the distances of all rows to all centres as one fused matMul with
 * bias in float32, argMin and min per row, then the per-centre sums and the cost in float64.
 *
 * Against clusterStatsReference: the same assignments but for points whose two closest centres
 * are within float32 rounding of each other, the same sums bit for bit where the assignments
 * agree (each centre's sum adds its rows in order, in float64), the cost to float32 rounding.
 *
 * @example
 * await ready();
 * clusterStatsTfjs(packedRows(X, 10), n, centers); // 20 centres of 10: k·d 200
 */
export const clusterStatsTfjs: ClusterStatsKernel = (rows, n, centers) => {
  const k = centers.length;
  const d = centers[0]!.length;
  const X = new Float64Array(n * d);
  if (!rows({ start: 0, len: n, out: X, stride: d })) return undefined;
  const { shift, Ct } = shiftedCenters(centers);
  // x − s in float32 (the shift keeps float32 from losing the differences between far points);
  // −2·c' then acts on x − s, so the bias is ‖c'‖² alone.
  const Xs = new Float32Array(n * d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) Xs[r * d + j] = X[r * d + j]! - shift[j]!;
  const bias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (Ct[j * k + c]! / 2) ** 2;
    bias[c] = norm;
  }
  const [closestT, minT] = tf.tidy(() => {
    // matMul with transposeB is much slower on the wasm backend, so the centres go in as d × k.
    const p = tf.fused.matMul({
      a: tf.tensor2d(Xs, [n, d]),
      b: tf.tensor2d(Float32Array.from(Ct), [d, k]),
      bias: tf.tensor1d(bias),
    });
    return [p.argMin(1), p.min(1)];
  });
  const closest = closestT.dataSync() as Int32Array;
  // ‖c'‖² − 2(x − s)·c': the squared distance less ‖x − s‖².
  const partial = minT.dataSync() as Float32Array;
  closestT.dispose();
  minT.dispose();
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  let cost = 0;
  for (let r = 0; r < n; r++) {
    const c = closest[r]!;
    counts[c]! += 1;
    let xx = 0;
    for (let j = 0; j < d; j++) {
      const x = X[r * d + j]!;
      const v = x - shift[j]!;
      xx += v * v;
      sums[c * d + j]! += x;
    }
    cost += Math.max(0, partial[r]! + xx);
  }
  return { sums, counts, cost };
};
