import { LabeledPoint } from "../LabeledPoint";
import { gramKernel, KERNEL_S_OFFSET } from "./gramKernel";

/**
 * The least-squares sufficient statistics S = [X y]ᵀ[X y] ((d+1) × (d+1), row-major float64)
 * without tfjs, from packed rows (gramOfRows) or straight from LabeledPoints (gramOfPoints, no
 * packed copy of the batch). Both go through the same blocks (GRAM_CHUNK rows laid out by
 * column), so they give bit-identical S for the same rows. A block's sums run in the
 * WebAssembly SIMD kernel of gramKernel.ts (d 20, 10,000 rows: 0.4 ms against 1.1 ms for the
 * JS loops below, which remain the fallback where WebAssembly SIMD is missing).
 */

/** Rows per block: a block's columns (GRAM_CHUNK × (d+1) float64, 43 KB for d 20) stay in L2; measured: 256 beat 64, 128, 512 and 1024 on the fused path. */
export const GRAM_CHUNK = 256;
/** Column stride of a block: not a multiple of 4 KB apart, so columns do not fight for cache sets. */
const STRIDE = GRAM_CHUNK + 8;

/** Reusable block buffer (one per d + 1): a batch allocates only its (d+1)² result. */
let scratch = new Float64Array(0);
function blockBuffer(m: number): Float64Array {
  if (scratch.length < STRIDE * m + 1) scratch = new Float64Array(STRIDE * m + 1);
  return scratch;
}

/** Where a batch's blocks go: `cols` to fill (column j at j·STRIDE), add(len) per block, then result(). */
interface Blocks {
  cols: Float64Array;
  add(len: number): void;
  result(): Float64Array;
}

function blocks(m: number): Blocks {
  const kernel = gramKernel();
  // The kernel takes columns in fours: mp ≥ m, the extra columns zero.
  const mp = (m + 3) & ~3;
  if (kernel && STRIDE * mp * 8 <= KERNEL_S_OFFSET) {
    const cols = kernel.memory;
    const s0 = KERNEL_S_OFFSET / 8;
    cols.fill(0, m * STRIDE, mp * STRIDE);
    cols.fill(0, s0, s0 + mp * mp);
    return {
      cols,
      add(len) {
        // The kernel takes rows in pairs: an odd block's extra row is zero.
        if (len & 1) for (let j = 0; j < m; j++) cols[j * STRIDE + len] = 0;
        kernel.block((len + 1) >> 1, mp, STRIDE * 8, KERNEL_S_OFFSET);
      },
      result() {
        const S = new Float64Array(m * m);
        for (let i = 0; i < m; i++) for (let j = i; j < m; j++) S[i * m + j] = cols[s0 + i * mp + j]!;
        mirror(S, m);
        return S;
      },
    };
  }
  const cols = blockBuffer(m);
  const S = new Float64Array(m * m);
  return {
    cols,
    add: (len) => addBlock(cols, len, m, S),
    result: () => {
      mirror(S, m);
      return S;
    },
  };
}

/** S of `n` packed rows: X is n × d row-major, y has n labels. */
export function gramOfRows(X: Float64Array, y: Float64Array, n: number, d: number): Float64Array {
  const m = d + 1;
  const b = blocks(m);
  const cols = b.cols;
  for (let start = 0; start < n; start += GRAM_CHUNK) {
    const len = Math.min(GRAM_CHUNK, n - start);
    for (let r = 0; r < len; r++) {
      const row = (start + r) * d;
      for (let j = 0; j < d; j++) cols[j * STRIDE + r] = X[row + j]!;
      cols[d * STRIDE + r] = y[start + r]!;
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
    if (!copyPoints(records, start, len, d, binary, b.cols)) return undefined;
    b.add(len);
  }
  const S = b.result();
  // A NaN or ±Infinity feature makes its column's Σx² NaN or Infinity (squares cannot cancel).
  // So can finite features whose squares overflow: the validating path then finds nothing wrong
  // and computes the same S.
  if (!finiteDiagonal(S, d, m)) return undefined;
  return { S, n };
}

/** Copies records[start .. start+len) into the block by column; false at the first unusable record. */
function copyPoints(
  records: readonly unknown[],
  start: number,
  len: number,
  d: number,
  binary: boolean,
  cols: Float64Array,
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
  cols[cols.length - 1] = touched;
  const labels = d * STRIDE;
  for (let r = 0; r < len; r++) {
    const p = records[start + r] as LabeledPoint;
    const f = p.features;
    // Four features per step, loaded before they are stored (see copyVectors in
    // clustering/assignClusters.ts): 0.65 -> 0.57 ms for 10,000 points of d 20, warm.
    let j = 0;
    let o = r;
    for (; j + 4 <= d; j += 4, o += 4 * STRIDE) {
      const a = f[j]!;
      const b = f[j + 1]!;
      const c = f[j + 2]!;
      const e = f[j + 3]!;
      cols[o] = a;
      cols[o + STRIDE] = b;
      cols[o + 2 * STRIDE] = c;
      cols[o + 3 * STRIDE] = e;
    }
    for (; j < d; j++, o += STRIDE) cols[o] = f[j]!;
    cols[labels + r] = p.label;
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
 * Adds one block's upper triangle to S: every entry is a dot product of two columns, computed
 * two rows of S by four columns at a time (six loads feed eight independent multiply-adds).
 */
function addBlock(cols: Float64Array, len: number, m: number, S: Float64Array): void {
  const C = STRIDE;
  for (let i = 0; i < m; i += 2) {
    // An odd last row of S is paired with itself.
    const i1 = i + 1 < m ? i + 1 : i;
    const a0 = i * C;
    const a1 = i1 * C;
    let j = i;
    for (; j + 4 <= m; j += 4) {
      const b0 = j * C;
      const b1 = b0 + C;
      const b2 = b1 + C;
      const b3 = b2 + C;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let r = 0; r < len; r++) {
        const u = cols[a0 + r]!;
        const v = cols[a1 + r]!;
        const c0 = cols[b0 + r]!;
        const c1 = cols[b1 + r]!;
        const c2 = cols[b2 + r]!;
        const c3 = cols[b3 + r]!;
        s00 += u * c0;
        s01 += u * c1;
        s02 += u * c2;
        s03 += u * c3;
        s10 += v * c0;
        s11 += v * c1;
        s12 += v * c2;
        s13 += v * c3;
      }
      const o0 = i * m + j;
      const o1 = i1 * m + j;
      S[o0]! += s00;
      S[o0 + 1]! += s01;
      S[o0 + 2]! += s02;
      S[o0 + 3]! += s03;
      // When i1 = i (the last of an odd count) the second sums repeat the first: not added.
      if (i1 !== i) {
        S[o1]! += s10;
        S[o1 + 1]! += s11;
        S[o1 + 2]! += s12;
        S[o1 + 3]! += s13;
      }
    }
    for (; j < m; j++) {
      const b0 = j * C;
      let s0 = 0;
      let s1 = 0;
      for (let r = 0; r < len; r++) {
        const c = cols[b0 + r]!;
        s0 += cols[a0 + r]! * c;
        s1 += cols[a1 + r]! * c;
      }
      S[i * m + j]! += s0;
      if (i1 !== i) S[i1 * m + j]! += s1;
    }
  }
}

/**
 * The blocks fill the upper triangle (and, for the second row of a pair, the entry just left of
 * the diagonal, which the mirror overwrites with the same value): copy it to the lower one.
 */
function mirror(S: Float64Array, m: number): void {
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) S[i * m + j] = S[j * m + i]!;
}
