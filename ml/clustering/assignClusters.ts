import { kmeansOnLoops, tf } from "../backend";
import { packRows64, type VectorLike } from "../linalg/vectors";
import { closestKernel, KERNEL_ROWS } from "./closestKernel";

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
 * Assigns every point to its closest centre and sums per centre. Ties go to the lower index,
 * as in MLlib's findClosest.
 */
export function assignClusters(
  points: readonly VectorLike[],
  centers: readonly Float64Array[],
): ClusterStats {
  const d = centers[0]!.length;
  return assignRows(packRows64(points, d), points.length, centers);
}

/** Rows per block of the loops: a block's assignments and distances are reused buffers. */
const BLOCK = 256;
const blockClosest = new Int32Array(BLOCK);
const blockPartial = new Float64Array(BLOCK);
let blockRows = new Float64Array(0);

/**
 * assignClusters on rows already packed: `X` holds `n` rows of d features, row-major (what
 * BatchValidator.vectorRows gives). Small k·d runs as float64 loops, block by block, larger on
 * tfjs (the threshold and its numbers are in backend.ts).
 */
export function assignRows(X: Float64Array, n: number, centers: readonly Float64Array[]): ClusterStats {
  const k = centers.length;
  const d = centers[0]!.length;
  const shift = centersMean(centers);
  const stats: ClusterStats = { sums: new Float64Array(k * d), counts: new Float64Array(k), cost: 0 };
  if (kmeansOnLoops(k, d)) {
    const { Ct, b } = shiftedCenters(centers, shift);
    for (let start = 0; start < n; start += BLOCK) {
      const len = Math.min(BLOCK, n - start);
      closestByLoops(X, start, len, Ct, b, k, d, blockClosest, blockPartial);
      addToStats(X, start, len, shift, blockClosest, blockPartial, stats);
    }
  } else {
    const closest = new Int32Array(n);
    const partial = new Float64Array(n);
    closestOnTfjs(X, n, centers, shift, closest, partial);
    addToStats(X, 0, n, shift, closest, partial, stats);
  }
  return stats;
}

/**
 * assignRows straight from the records, for a batch of Float64Array vectors of the centres'
 * dimension and k·d small enough for the loops: each vector is copied once, into a block of
 * BLOCK rows that is assigned and summed at once, so no n-row copy of the batch is made and the
 * stats are the same, bit for bit, as assignRows on the packed rows. Returns undefined when a
 * record is anything else (an array, a string, a wrong length) or a feature is not finite (seen
 * as a non-finite cost, so the features are not checked one by one): the caller then takes the
 * validating path (BatchValidator.vectorRows + assignRows), which throws or drops as it always has.
 */
export function assignPoints(
  records: readonly unknown[],
  centers: readonly Float64Array[],
): ClusterStats | undefined {
  const k = centers.length;
  const d = centers[0]!.length;
  if (!kmeansOnLoops(k, d)) return undefined;
  const shift = centersMean(centers);
  const { Ct, b } = shiftedCenters(centers, shift);
  const stats: ClusterStats = { sums: new Float64Array(k * d), counts: new Float64Array(k), cost: 0 };
  const n = records.length;
  const kernel = closestKernel(k, d);
  if (kernel) {
    // The WebAssembly kernel: the same sums, comparisons and stats as closestByLoops and
    // addToStats, in the same order, so the same bits.
    const { kp, rows } = kernel;
    for (let j = 0; j < d; j++) {
      for (let c = 0; c < kp; c++) kernel.Ct[j * kp + c] = c < k ? Ct[j * k + c]! : 0;
    }
    for (let c = 0; c < kp; c++) kernel.b[c] = c < k ? b[c]! : Number.POSITIVE_INFINITY;
    kernel.shift.set(shift);
    kernel.sums.fill(0);
    kernel.counts.fill(0);
    for (let start = 0; start < n; start += KERNEL_ROWS) {
      const len = Math.min(KERNEL_ROWS, n - start);
      if (!copyVectors(records, start, len, d, rows)) return undefined;
      kernel.run(len);
      stats.cost += kernel.cost[0]!;
    }
    stats.sums.set(kernel.sums);
    stats.counts.set(kernel.counts);
  } else {
    if (blockRows.length < BLOCK * d + 1) blockRows = new Float64Array(BLOCK * d + 1);
    const rows = blockRows;
    for (let start = 0; start < n; start += BLOCK) {
      const len = Math.min(BLOCK, n - start);
      if (!copyVectors(records, start, len, d, rows)) return undefined;
      closestByLoops(rows, 0, len, Ct, b, k, d, blockClosest, blockPartial);
      addToStats(rows, 0, len, shift, blockClosest, blockPartial, stats);
    }
  }
  // NaN or ±Infinity in a feature makes that point's ‖x − s‖², and so the cost, NaN or Infinity
  // (every term is max(0, ·) ≥ 0 or NaN: nothing cancels). Finite points whose squares overflow
  // do too: the validating path then finds nothing wrong and computes the same stats.
  return Number.isFinite(stats.cost) ? stats : undefined;
}

/** Copies records[start .. start+len) row after row into `rows`; false at the first one that is not a Float64Array of d. */
function copyVectors(
  records: readonly unknown[],
  start: number,
  len: number,
  d: number,
  rows: Float64Array,
): boolean {
  // Checks first, in a loop so short that the CPU has many records' cache misses in flight at
  // once (reading a batch of separate arrays is bound by memory latency, not by the copying).
  // One feature per 64-byte cache line is read too (and the last), bringing every line of the
  // values into cache for the copy below: on bench/ml.ts's batches this halves the copy.
  let touched = 0;
  for (let r = 0; r < len; r++) {
    const v = records[start + r];
    if (!(v instanceof Float64Array) || v.length !== d) return false;
    for (let j = 0; j < d; j += 8) touched += v[j]!;
    touched += v[d - 1]!;
  }
  // Stored in the spare last slot of the buffer: a use, so the compiler keeps the reads.
  rows[rows.length - 1] = touched;
  // Four features per step, loaded before they are stored: V8 then keeps the vector's data
  // pointer and length in registers across the four (a plain j loop reloads them for every
  // element). 10,000 vectors of d 10: 0.23 -> 0.18 ms; d 20: 0.40 -> 0.26 ms (.tmp micro-bench).
  for (let r = 0, o = 0; r < len; r++, o += d) {
    const v = records[start + r] as Float64Array;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const a = v[j]!;
      const b = v[j + 1]!;
      const c = v[j + 2]!;
      const e = v[j + 3]!;
      rows[o + j] = a;
      rows[o + j + 1] = b;
      rows[o + j + 2] = c;
      rows[o + j + 3] = e;
    }
    for (; j < d; j++) rows[o + j] = v[j]!;
  }
  return true;
}

/**
 * Everything is computed relative to the centres' mean s, so that points far from the origin
 * do not lose their differences to rounding: ‖x − c‖² = ‖x − s‖² − 2·x·c' + b with c' = c − s
 * and b = ‖c'‖² + 2·s·c'. The error of x·c' scales with |x|·|c'|, not |x|·|c|.
 */
function centersMean(centers: readonly Float64Array[]): Float64Array {
  const k = centers.length;
  const d = centers[0]!.length;
  const shift = new Float64Array(d);
  for (const c of centers) for (let j = 0; j < d; j++) shift[j]! += c[j]! / k;
  return shift;
}

/**
 * Adds rows [from, from+len) of X to the per-cluster sums and counts, given each row's closest
 * centre and b − 2·x·c' for it (indexed from 0), with ‖x − s‖² completing each distance.
 */
function addToStats(
  X: Float64Array,
  from: number,
  len: number,
  shift: Float64Array,
  closest: Int32Array,
  partial: Float64Array,
  stats: ClusterStats,
): void {
  const d = shift.length;
  const { sums, counts } = stats;
  let cost = 0;
  for (let r = 0; r < len; r++) {
    const c = closest[r]!;
    counts[c]! += 1;
    let xx = 0;
    const base = (from + r) * d;
    const out = c * d;
    for (let j = 0; j < d; j++) {
      const x = X[base + j]!;
      const v = x - shift[j]!;
      xx += v * v;
      sums[out + j]! += x;
    }
    cost += Math.max(0, partial[r]! + xx);
  }
  stats.cost += cost;
}

/** −2·c' (d × k, column per centre) and b = ‖c'‖² + 2·s·c' per centre. */
function shiftedCenters(
  centers: readonly Float64Array[],
  shift: Float64Array,
): { Ct: Float64Array; b: Float64Array } {
  const k = centers.length;
  const d = shift.length;
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
  return { Ct, b };
}

/**
 * The closest centre of rows [from, from+len) of X and b − 2·x·c' for it (written from index
 * 0 of closest and partial), in float64 loops: two rows against
 * four centres at a time, so each centre value loaded serves two rows and eight independent
 * sums keep the CPU busy (1M multiply-adds for k 10, dim 10, 10,000 rows: 0.94 ms here, against
 * 1.9 ms one row and one centre at a time).
 */
function closestByLoops(
  X: Float64Array,
  from: number,
  len: number,
  Ct: Float64Array,
  b: Float64Array,
  k: number,
  d: number,
  closest: Int32Array,
  partial: Float64Array,
): void {
  for (let r = 0; r < len; r += 2) {
    // An odd last row is paired with itself.
    const r1 = r + 1 < len ? r + 1 : r;
    const x0 = (from + r) * d;
    const x1 = (from + r1) * d;
    let best0 = 0;
    let best1 = 0;
    let min0 = Number.POSITIVE_INFINITY;
    let min1 = Number.POSITIVE_INFINITY;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      let s0 = b[c]!;
      let s1 = b[c + 1]!;
      let s2 = b[c + 2]!;
      let s3 = b[c + 3]!;
      let t0 = s0;
      let t1 = s1;
      let t2 = s2;
      let t3 = s3;
      for (let j = 0, o = c; j < d; j++, o += k) {
        const u = X[x0 + j]!;
        const v = X[x1 + j]!;
        const c0 = Ct[o]!;
        const c1 = Ct[o + 1]!;
        const c2 = Ct[o + 2]!;
        const c3 = Ct[o + 3]!;
        s0 += u * c0;
        s1 += u * c1;
        s2 += u * c2;
        s3 += u * c3;
        t0 += v * c0;
        t1 += v * c1;
        t2 += v * c2;
        t3 += v * c3;
      }
      // Strictly smaller: the first centre wins a tie, as MLlib's findClosest.
      if (s0 < min0) {
        min0 = s0;
        best0 = c;
      }
      if (s1 < min0) {
        min0 = s1;
        best0 = c + 1;
      }
      if (s2 < min0) {
        min0 = s2;
        best0 = c + 2;
      }
      if (s3 < min0) {
        min0 = s3;
        best0 = c + 3;
      }
      if (t0 < min1) {
        min1 = t0;
        best1 = c;
      }
      if (t1 < min1) {
        min1 = t1;
        best1 = c + 1;
      }
      if (t2 < min1) {
        min1 = t2;
        best1 = c + 2;
      }
      if (t3 < min1) {
        min1 = t3;
        best1 = c + 3;
      }
    }
    for (; c < k; c++) {
      let s = b[c]!;
      let t = s;
      for (let j = 0, o = c; j < d; j++, o += k) {
        s += X[x0 + j]! * Ct[o]!;
        t += X[x1 + j]! * Ct[o]!;
      }
      if (s < min0) {
        min0 = s;
        best0 = c;
      }
      if (t < min1) {
        min1 = t;
        best1 = c;
      }
    }
    closest[r] = best0;
    partial[r] = min0;
    closest[r1] = best1;
    partial[r1] = min1;
  }
}

/** The same on tfjs (float32): one fused matMul with bias, then argMin and min. */
function closestOnTfjs(
  X: Float64Array,
  n: number,
  centers: readonly Float64Array[],
  shift: Float64Array,
  closest: Int32Array,
  partial: Float64Array,
): void {
  const k = centers.length;
  const d = shift.length;
  const { Ct } = shiftedCenters(centers, shift);
  // x − s in float32 (the shift keeps float32 from losing the differences between far points);
  // b and the −2·c' then act on x − s, so the bias is ‖c'‖² alone.
  const Xs = new Float32Array(n * d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) Xs[r * d + j] = X[r * d + j]! - shift[j]!;
  const bias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (Ct[j * k + c]! / 2) ** 2;
    bias[c] = norm;
  }
  const [closestT, minT] = tf.tidy(() => {
    // matMul with transposeB is about 6x slower on wasm, so the centres go in as d × k.
    const p = tf.fused.matMul({
      a: tf.tensor2d(Xs, [n, d]),
      b: tf.tensor2d(Float32Array.from(Ct), [d, k]),
      bias: tf.tensor1d(bias),
    });
    return [p.argMin(1), p.min(1)];
  });
  closest.set(closestT.dataSync() as Int32Array);
  const mins = minT.dataSync() as Float32Array;
  closestT.dispose();
  minT.dispose();
  // ‖c'‖² − 2(x − s)·c' is the loops' b − 2x·c', rearranged.
  for (let r = 0; r < n; r++) partial[r] = mins[r]!;
}
