import { LabeledPoint } from "../LabeledPoint";

/** Rows [start, start + len) of a batch, to be written into `out`, row r at r·stride. */
export interface Block {
  start: number;
  len: number;
  out: Float64Array;
  stride: number;
}

/**
 * A batch's rows as the kernels read them: writes a block of rows and returns true, or false at
 * the first row it cannot give (a record that only the validating path may judge). The
 * WebAssembly kernels read a batch BLOCK_ROWS rows at a time into their own memory, so records
 * are copied once, into a block that stays in cache, and no n-row copy of the batch is made.
 *
 * @example
 * const X = new Float64Array(n * d);
 * vectorRecords(records, d)({ start: 0, len: n, out: X, stride: d }); // false if a record is not a Float64Array of d
 */
export type RowSource = (block: Block) => boolean;

/** Rows per block: a block (256 × 24 float64 for d 20, 48 KB) stays in L2. */
export const BLOCK_ROWS = 256;

/**
 * Rows already packed and validated: `X` holds rows of `d` features, row-major (what
 * BatchValidator.vectorRows gives).
 */
export function packedRows(X: Float64Array, d: number): RowSource {
  return ({ start, len, out, stride }) => {
    if (stride === d) {
      out.set(X.subarray(start * d, (start + len) * d));
      return true;
    }
    for (let r = 0; r < len; r++) out.set(X.subarray((start + r) * d, (start + r + 1) * d), r * stride);
    return true;
  };
}

/** Packed features and labels as rows [x, y] of d + 1 values (what BatchValidator.labeledRows gives). */
export function packedLabeledRows(X: Float64Array, y: Float64Array, d: number): RowSource {
  return ({ start, len, out, stride }) => {
    for (let r = 0; r < len; r++) {
      const row = (start + r) * d;
      out.set(X.subarray(row, row + d), r * stride);
      out[r * stride + d] = y[start + r]!;
    }
    return true;
  };
}

/**
 * Records straight from a batch, when each is a Float64Array of `d` features; false at the first
 * that is anything else (an array, a string, a wrong length). Features are not checked for
 * NaN or ±Infinity here: callers see them as a non-finite cost.
 */
export function vectorRecords(records: readonly unknown[], d: number): RowSource {
  return (block) => copyVectors(records, d, block);
}

/**
 * Records straight from a batch as rows [x, y], when each is a LabeledPoint of `d` features with
 * a usable label (finite; 0 or 1 when `binary`); false at the first that is not. Features are
 * not checked for NaN or ±Infinity here: callers see them on the Gram matrix's diagonal.
 */
export function labeledRecords(records: readonly unknown[], d: number, binary: boolean): RowSource {
  return (block) => copyPoints(records, d, binary, block);
}

// The copies are top-level functions of their arguments, not closures: their loops then keep
// the batch and sizes in registers (as closures, `node --import tsx bench/ml.ts` shows slower batches).

function copyVectors(records: readonly unknown[], d: number, block: Block): boolean {
  const { start, len, out, stride } = block;
  let touched = 0;
  for (let r = 0; r < len; r++) {
    const v = records[start + r];
    if (!(v instanceof Float64Array) || v.length !== d) return false;
    touched += touch(v, d);
  }
  sink += touched;
  // Four features per step, loaded before they are stored: V8 then keeps the vector's data
  // pointer and length in registers across the four (a plain j loop reloads them for every
  // element).
  for (let r = 0, o = 0; r < len; r++, o += stride) {
    const v = records[start + r] as Float64Array;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const a = v[j]!;
      const b = v[j + 1]!;
      const c = v[j + 2]!;
      const e = v[j + 3]!;
      out[o + j] = a;
      out[o + j + 1] = b;
      out[o + j + 2] = c;
      out[o + j + 3] = e;
    }
    for (; j < d; j++) out[o + j] = v[j]!;
  }
  return true;
}

function copyPoints(records: readonly unknown[], d: number, binary: boolean, block: Block): boolean {
  const { start, len, out, stride } = block;
  let touched = 0;
  for (let r = 0; r < len; r++) {
    const p = records[start + r];
    if (!(p instanceof LabeledPoint)) return false;
    const f = p.features;
    if (f.length !== d || !isUsableLabel(p.label, binary)) return false;
    touched += touch(f, d);
  }
  sink += touched;
  for (let r = 0, o = 0; r < len; r++, o += stride) {
    const p = records[start + r] as LabeledPoint;
    out.set(p.features, o);
    out[o + d] = p.label;
  }
  return true;
}

function isUsableLabel(label: number, binary: boolean): boolean {
  return binary ? label === 0 || label === 1 : Number.isFinite(label);
}

/**
 * Reads one value per 64-byte cache line of `v`, and its last. The record checks call this in
 * a loop so short that the CPU has many records' cache misses in flight at once (reading a
 * batch of separate arrays is bound by memory latency, not by the copying), so the copy that
 * follows finds every line in cache: on bench/ml.ts's batches this halves the copy.
 */
function touch(v: Float64Array, d: number): number {
  let s = v[d - 1]!;
  for (let j = 0; j < d; j += 8) s += v[j]!;
  return s;
}

/** Where the touched values go: a use (exported, so it is never dead), so the compiler keeps the reads. */
export let sink = 0;
