/**
 * The centres as the fast k-means kernels use them. Distances are computed relative to the
 * centres' mean s, so that points far from the origin do not lose their differences to
 * rounding: ‖x − c‖² = ‖x − s‖² − 2·x·c' + b with c' = c − s and b = ‖c'‖² + 2·s·c'. The error
 * of x·c' scales with |x|·|c'|, not |x|·|c|.
 *
 * Returns s (d), −2·c' as a d × k matrix (one column per centre, row-major) and b (k).
 *
 * @example
 * shiftedCenters([Float64Array.of(0), Float64Array.of(2)]);
 * // { shift: [1], Ct: [2, -2], b: [-1, 3] }
 */
export function shiftedCenters(centers: readonly Float64Array[]): {
  shift: Float64Array;
  Ct: Float64Array;
  b: Float64Array;
} {
  const k = centers.length;
  const d = centers[0]!.length;
  const shift = new Float64Array(d);
  for (const c of centers) for (let j = 0; j < d; j++) shift[j]! += c[j]! / k;
  const Ct = new Float64Array(d * k);
  const b = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    let cross = 0;
    for (let j = 0; j < d; j++) {
      const v = centers[c]![j]! - shift[j]!;
      Ct[j * k + c] = -2 * v;
      norm += v * v;
      cross += shift[j]! * v;
    }
    b[c] = norm + 2 * cross;
  }
  return { shift, Ct, b };
}
