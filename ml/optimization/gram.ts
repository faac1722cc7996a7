import { LabeledPoint } from "../LabeledPoint";
import { gramKernel, KERNEL_S_OFFSET } from "./gramKernel";

/**
 * The least-squares sufficient statistics S = [X y]ᵀ[X y] ((d+1) × (d+1), row-major float64)
 * without tfjs, from packed rows (gramOfRows) or straight from LabeledPoints (gramOfPoints, no
 * packed copy of the batch). Both go through the same blocks (GRAM_CHUNK rows [x, y], row-major),
 * so they give bit-identical S for the same rows. A block's sums run in the WebAssembly SIMD
 * kernel of gramKernel.ts, with the JS loops below as the fallback where WebAssembly SIMD is
 * missing. Row-major blocks (rather than one column per feature) let a record be copied with
 * one Float64Array.prototype.set instead of being scattered into d + 1 columns: bench/ml.ts SGD
 * (d 20, 10,000 points) 1.82 → 1.69 ms per batch (medians of 8 alternated runs). An unrolled
 * copy loop measured slower than `set` here (1.44 against 1.38 ms for the whole Gram, cold).
 */

/** Rows per block: a block (GRAM_CHUNK × 24 float64 for d 20, 48 KB) stays in L2; 128 and 512 measured no better. */
export const GRAM_CHUNK = 256;

/** Row stride of a block: d + 1 rounded up to the kernel's tiles of four columns (the extra ones zero). */
function rowStride(m: number): number {
  return (m + 3) & ~3;
}

/** Reusable block buffer for the JS loops: a batch allocates only its (d+1)² result. */
let scratch = new Float64Array(0);

/** Where a batch's blocks go: `rows` to fill (row r at r·mp, columns m..mp zero), add(len) per block, then result(). */
interface Blocks {
  rows: Float64Array;
  mp: number;
  add(len: number): void;
  result(): Float64Array;
}

function blocks(m: number): Blocks {
  const kernel = gramKernel();
  const mp = rowStride(m);
  if (kernel && GRAM_CHUNK * mp * 8 <= KERNEL_S_OFFSET) {
    const rows = kernel.memory;
    const s0 = KERNEL_S_OFFSET / 8;
    // Zero the padding columns (the copies never write them) and S.
    rows.fill(0, 0, GRAM_CHUNK * mp);
    rows.fill(0, s0, s0 + mp * mp);
    return {
      rows,
      mp,
      add: (len) => kernel.block(len, mp, KERNEL_S_OFFSET),
      result() {
        const S = new Float64Array(m * m);
        for (let i = 0; i < m; i++) for (let j = i; j < m; j++) S[i * m + j] = rows[s0 + i * mp + j]!;
        mirror(S, m);
        return S;
      },
    };
  }
  // One spare slot at the end, for copyPoints's touched sum.
  if (scratch.length < GRAM_CHUNK * mp + 1) scratch = new Float64Array(GRAM_CHUNK * mp + 1);
  const rows = scratch;
  rows.fill(0, 0, GRAM_CHUNK * mp);
  const S = new Float64Array(m * m);
  return {
    rows,
    mp,
    add: (len) => addBlock(rows, len, m, mp, S),
    result: () => {
      mirror(S, m);
      return S;
    },
  };
}

/** S of `n` packed rows: X is n × d row-major, y has n labels. */
export function gramOfRows(X: Float64Array, y: Float64Array, n: number, d: number): Float64Array {
  const b = blocks(d + 1);
  const { rows, mp } = b;
  for (let start = 0; start < n; start += GRAM_CHUNK) {
    const len = Math.min(GRAM_CHUNK, n - start);
    for (let r = 0, o = 0; r < len; r++, o += mp) {
      const row = (start + r) * d;
      rows.set(X.subarray(row, row + d), o);
      rows[o + d] = y[start + r]!;
    }
    b.add(len);
  }
  return b.result();
}

/**
 * S straight from the records, for a batch whose every record is a LabeledPoint of `d`
 * features with a usable label (finite; 0 or 1 when `binary`): each point is copied once, into
 * the block, and no n-row copy of the batch is made. Returns undefined when any record is not
 * such a point (a string, a wrong length, a bad label) or a feature is not finite (seen as a
 * non-finite diagonal of S, so the features are not checked one by one): the caller then takes
 * the validating path (BatchValidator.labeledRows), which throws or drops exactly as before.
 * Nothing outside this call is touched either way.
 */
export function gramOfPoints(
  records: readonly unknown[],
  d: number,
  binary: boolean,
): { S: Float64Array; n: number } | undefined {
  const n = records.length;
  const m = d + 1;
  const b = blocks(m);
  for (let start = 0; start < n; start += GRAM_CHUNK) {
    const len = Math.min(GRAM_CHUNK, n - start);
    if (!copyPoints(records, start, len, d, binary, b.rows, b.mp)) return undefined;
    b.add(len);
  }
  const S = b.result();
  // A NaN or ±Infinity feature makes its column's Σx² NaN or Infinity (squares cannot cancel).
  // So can finite features whose squares overflow: the validating path then finds nothing wrong
  // and computes the same S.
  if (!finiteDiagonal(S, d, m)) return undefined;
  return { S, n };
}

/** Copies records[start .. start+len) into the block, one row each; false at the first unusable record. */
function copyPoints(
  records: readonly unknown[],
  start: number,
  len: number,
  d: number,
  binary: boolean,
  rows: Float64Array,
  mp: number,
): boolean {
  // Checks first, in a loop so short that the CPU has many points' cache misses in flight at
  // once: reading a batch of separate objects is bound by memory latency, not by the copying.
  // One feature per 64-byte cache line is read too (and the last), bringing every line of the
  // values into cache for the copy below: 2.1 → 0.8 ms for the copy on bench/ml.ts's batches.
  let touched = 0;
  for (let r = 0; r < len; r++) {
    const p = records[start + r];
    if (!(p instanceof LabeledPoint)) return false;
    const f = p.features;
    if (f.length !== d || !isUsableLabel(p.label, binary)) return false;
    for (let j = 0; j < d; j += 8) touched += f[j]!;
    touched += f[d - 1]!;
  }
  // Stored in the spare last slot of the buffer: a use, so the compiler keeps the reads.
  rows[rows.length - 1] = touched;
  for (let r = 0, o = 0; r < len; r++, o += mp) {
    const p = records[start + r] as LabeledPoint;
    rows.set(p.features, o);
    rows[o + d] = p.label;
  }
  return true;
}

function isUsableLabel(label: number, binary: boolean): boolean {
  return binary ? label === 0 || label === 1 : Number.isFinite(label);
}

function finiteDiagonal(S: Float64Array, d: number, m: number): boolean {
  for (let i = 0; i < d; i++) if (!Number.isFinite(S[i * m + i]!)) return false;
  return true;
}

/**
 * Adds one block's upper triangle to S, in the kernel's order (each entry summed over the rows
 * in order within the block, then added to S), two rows of S by four columns at a time.
 */
function addBlock(rows: Float64Array, len: number, m: number, mp: number, S: Float64Array): void {
  for (let i = 0; i < m; i += 2) {
    // An odd last row of S is paired with itself.
    const i1 = i + 1 < m ? i + 1 : i;
    // j runs over whole tiles of four: the padding columns (zero) and the entry left of the
    // diagonal in the second row of a pair are computed too, and not kept.
    for (let j = i & ~3; j < m; j += 4) {
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let r = 0, o = 0; r < len; r++, o += mp) {
        const u = rows[o + i]!;
        const v = rows[o + i1]!;
        const c0 = rows[o + j]!;
        const c1 = rows[o + j + 1]!;
        const c2 = rows[o + j + 2]!;
        const c3 = rows[o + j + 3]!;
        s00 += u * c0;
        s01 += u * c1;
        s02 += u * c2;
        s03 += u * c3;
        s10 += v * c0;
        s11 += v * c1;
        s12 += v * c2;
        s13 += v * c3;
      }
      const sums = [s00, s01, s02, s03];
      const sums1 = [s10, s11, s12, s13];
      for (let k = 0; k < 4 && j + k < m; k++) {
        if (j + k >= i) S[i * m + j + k]! += sums[k]!;
        if (i1 !== i && j + k >= i1) S[i1 * m + j + k]! += sums1[k]!;
      }
    }
  }
}

/** The blocks fill the upper triangle: copy it to the lower one. */
function mirror(S: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) S[i * m + j] = S[j * m + i]!;
}
