import type { GramKernel } from "./GramKernel";

/**
 * The Gram kernel written for reading, not speed: every row z = [x, y] adds z_i·z_j to S[i][j],
 * row after row, in float64. The tests hold the fast paths to it.
 *
 * @example
 * gramReference(packedLabeledRows(Float64Array.of(1, 2), Float64Array.of(3, 4), 1), 2, 1);
 * // Float64Array [5, 11, 11, 25]: Σx², Σxy, Σxy, Σy²
 */
export const gramReference: GramKernel = (rows, n, d) => {
  const m = d + 1;
  const Z = new Float64Array(n * m);
  if (!rows({ start: 0, len: n, out: Z, stride: m })) return undefined;
  const S = new Float64Array(m * m);
  for (let r = 0; r < n; r++) {
    const z = Z.subarray(r * m, (r + 1) * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i * m + j]! += z[i]! * z[j]!;
  }
  return S;
};
