/**
 * Vectors as users hand them over (plain arrays or typed arrays) and the few float64 helpers the
 * model-side math needs, one vector or one model at a time. The batch math is in kernels/ (the
 * implementation for each size chosen in backend.ts) and optimization/.
 */

/** A dense vector: a number array, a Float64Array or a Float32Array. */
export type VectorLike = readonly number[] | Float64Array | Float32Array;

/** True for the three accepted vector forms. */
export function isVectorLike(v: unknown): v is VectorLike {
  return Array.isArray(v) || v instanceof Float64Array || v instanceof Float32Array;
}

/** A float64 copy (models never alias the caller's arrays). */
export function toFloat64(v: VectorLike): Float64Array {
  return Float64Array.from(v as ArrayLike<number>);
}

/** The index of the first non-finite entry, or -1. */
export function firstNonFinite(v: VectorLike): number {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return i;
  return -1;
}

export function dot(a: VectorLike, b: VectorLike): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm2(a: VectorLike): number {
  return Math.sqrt(dot(a, a));
}

export function squaredDistance(a: VectorLike, b: VectorLike): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return s;
}

/** The index of the closest centre (the first on ties, as MLlib's findClosest) and its distance². */
export function closest(
  centers: readonly VectorLike[],
  point: VectorLike,
): { index: number; distance: number } {
  let index = 0;
  let distance = Number.POSITIVE_INFINITY;
  for (let c = 0; c < centers.length; c++) {
    const d = squaredDistance(centers[c]!, point);
    if (d < distance) {
      distance = d;
      index = c;
    }
  }
  return { index, distance };
}

/** Rows packed into one row-major Float64Array, the layout the kernels read (kernels/RowSource.ts packedRows). */
export function packRows64(rows: readonly VectorLike[], dim: number): Float64Array {
  const out = new Float64Array(rows.length * dim);
  for (let r = 0; r < rows.length; r++) out.set(rows[r]!, r * dim);
  return out;
}

/** A vector as a plain array, for JSON and for display in a notebook. */
export function toArray(v: VectorLike): number[] {
  return Array.from(v);
}
