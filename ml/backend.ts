/**
 * The one place that chooses which implementation runs each numeric kernel of ml/, by size.
 * Each kernel has one interface (kernels/ClusterStats.ts, kernels/GramKernel.ts), a plain
 * reference the tests hold the others to, and the fast paths chosen here, as measured by
 * bench/mlKernels.ts (`node --import tsx bench/mlKernels.ts`: 10,000 rows, 2 cores, ms per call,
 * ranges over runs):
 *   - k-means: WebAssembly SIMD (float64, assembled at run time for each k and d) wherever it
 *     was faster, tfjs (float32 matMul on its wasm backend) elsewhere. tfjs pays a fixed cost
 *     per call (uploading the batch, XNNPACK packing a fresh operand, the download): k 10, d 10
 *     0.6 against 2.3 to 2.4. WebAssembly keeps a row's k partial distances in SIMD registers
 *     (two centres each, 16 registers), so it wins at any d for up to 16 centres (k 10, d 200:
 *     10 to 12 against 23 to 26; k 8, d 2,000: 180 against 260), and for more centres up to
 *     k·d = 1,024 (k 32, d 32: 3.3 to 3.8 against 4.4 to 4.6); beyond, the registers spill: at
 *     k 40, d 40 the two tie (5 to 6 each), at k 64, d 64 tfjs takes 10 to 14 against 20 to 23.
 *   - Gram matrix: WebAssembly SIMD at every d. It computes only the upper triangle and reads
 *     the batch block by block straight from its records: d 20 0.8 to 0.9 against tfjs's 1.8
 *     to 2.0, d 512 160 against 235, d 1,024 790 against 870.
 */
import type { ClusterStats, ClusterStatsKernel } from "./kernels/ClusterStats";
import { clusterStatsTfjs } from "./kernels/clusterStatsTfjs";
import { clusterStatsWasm } from "./kernels/clusterStatsWasm";
import { gramWasm } from "./kernels/gramWasm";
import type { RowSource } from "./kernels/RowSource";

/** The largest k·d (centres × features) whose k-means kernel runs on WebAssembly SIMD, for any k. */
export const WASM_MAX_KMEANS_WORK = 1024;
/** Up to this many centres, the k-means kernel runs on WebAssembly SIMD up to WASM_MAX_KMEANS_WORK_FEW_CENTERS. */
export const WASM_FEW_CENTERS = 16;
/** The largest k·d bench/mlKernels.ts measures, rounded up (the kernel's code, unrolled over d, grows with it). */
export const WASM_MAX_KMEANS_WORK_FEW_CENTERS = 16_384;

/**
 * The k-means kernel for k centres of d features.
 *
 * @example
 * clusterStatsKernel(10, 10) === clusterStatsWasm; // true
 */
export function clusterStatsKernel(k: number, d: number): ClusterStatsKernel {
  const work = k * d;
  const wasm =
    work <= WASM_MAX_KMEANS_WORK || (k <= WASM_FEW_CENTERS && work <= WASM_MAX_KMEANS_WORK_FEW_CENTERS);
  return wasm ? clusterStatsWasm : clusterStatsTfjs;
}

/**
 * Per-centre sums, counts and cost of `n` rows against `centers`, on the kernel for their size;
 * undefined when `rows` cannot give a row. tfjs must be ready (`await ready()`).
 *
 * @example
 * clusterStats(packedRows(X, d), n, model.clusterCenters)!.cost;
 */
export function clusterStats(
  rows: RowSource,
  n: number,
  centers: readonly Float64Array[],
): ClusterStats | undefined {
  return clusterStatsKernel(centers.length, centers[0]!.length)(rows, n, centers);
}

/**
 * [X y]ᵀ[X y] of `n` rows of d features and a label; undefined when `rows` cannot give a row.
 *
 * @example
 * gram(packedLabeledRows(X, y, d), n, d)!; // (d + 1) × (d + 1)
 */
export function gram(rows: RowSource, n: number, d: number): Float64Array | undefined {
  return gramWasm(rows, n, d);
}
