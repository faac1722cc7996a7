import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64_ADD,
  F64_LOAD,
  F64_STORE,
  F64X2_ADD,
  F64X2_EXTRACT_LANE,
  F64X2_MUL,
  GET,
  I32_ADD,
  I32_CONST,
  I32_GE_S,
  instantiate,
  LOOP,
  SET,
  SIMD,
  sleb,
  uleb,
  V128_LOAD,
} from "../linalg/wasm";

/**
 * k-means assignment of a block of rows as a WebAssembly SIMD function (f64x2 over pairs of
 * centres), assembled for one (k, d): the loops are unrolled, so a row's k sums stay in
 * registers. For every row x: s_c = b_c + Σ_j x_j·Ct[j][c], in the same order and float64
 * operations as assignClusters' JS loops (so the same bits), then the first smallest s_c
 * (MLlib's findClosest tie rule). k 10, dim 10, 10,000 rows: about 0.3 ms, against 1 ms for the
 * JS loops.
 *
 * Memory (bytes): Ct (d × kp float64, kp = k rounded up to even) at CT, b (kp) at B, the rows
 * (row-major, d each) at X, closest (int32) out at OUT_CLOSEST, min s (float64) out at
 * OUT_PARTIAL. A padding centre has b = +Infinity, so it is never the smallest.
 */
const CT = 0;
const B = 8192;
const OUT_CLOSEST = 12288;
const OUT_PARTIAL = 16384;
const SHIFT = 20480;
const SUMS = 22528;
const COUNTS = 24576;
const COST = 26624;
const X = 32768;
/** Rows per call. */
export const KERNEL_ROWS = 256;
/** Largest k·d the kernel takes (assignClusters' loops threshold is 128). */
const MAX_KD = 128;
const PAGES = Math.ceil((X + KERNEL_ROWS * MAX_KD * 8) / 65536);

const F64X2_SPLAT = [SIMD, 0x14];
const F64_CONST = 0x44;
const F64_SUB = 0xa1;
const F64_MUL = 0xa2;
const F64_MAX = 0xa5;
const I32_MUL = 0x6c;
const F64_LT = 0x63;
const SELECT = 0x1b;
const I32_STORE = 0x36;
const TEE = 0x22;

/** A kernel for one (k, d): views on its memory and run(rows). */
export interface ClosestKernel {
  /** Ct (d × kp, centre c in column c) and b (kp) to fill before run. */
  Ct: Float64Array;
  b: Float64Array;
  kp: number;
  /** The rows to assign (KERNEL_ROWS × d). */
  rows: Float64Array;
  closest: Int32Array;
  partial: Float64Array;
  /** The centres' mean s (d), to fill before run. */
  shift: Float64Array;
  /** Per-cluster sums (k × d) and counts (k): zeroed by the caller, added to by every run. */
  sums: Float64Array;
  counts: Float64Array;
  /** The last run's Σ max(0, min s_c + ‖x − s‖²) over its rows. */
  cost: Float64Array;
  run(n: number): void;
}

function body(k: number, d: number): number[] {
  const kp = k + (k & 1);
  const q = kp / 2;
  // i32: n (param 0), r 1, p 2, cond 3, best 4, o 5; f64: min 6, v 7, xx 8, x 9, t 10, cost 11;
  // v128: xj 12, acc 13..13+q-1
  const [n, r, p, cond, best, o, min, v, xx, x, t, cost, xj] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const acc = (i: number) => 13 + i;
  const code: number[] = [];
  const get = (x: number) => code.push(GET, x);
  const set = (x: number) => code.push(SET, x);
  const i32 = (x: number) => code.push(I32_CONST, ...sleb(x));
  const memarg = (align: number, offset: number) => [align, ...uleb(offset)];
  const f64Bytes = (x: number) => Array.from(new Uint8Array(Float64Array.of(x).buffer));

  const f64 = (value: number) => code.push(F64_CONST, ...f64Bytes(value));
  i32(0);
  set(r);
  i32(X);
  set(p);
  f64(0);
  set(cost);
  code.push(...BLOCK, ...LOOP);
  get(r);
  get(n);
  code.push(I32_GE_S, BR_IF, 1);
  for (let i = 0; i < q; i++) {
    i32(0);
    code.push(...V128_LOAD, ...memarg(3, B + 16 * i));
    set(acc(i));
  }
  for (let j = 0; j < d; j++) {
    get(p);
    code.push(F64_LOAD, ...memarg(3, 8 * j), ...F64X2_SPLAT);
    set(xj);
    for (let i = 0; i < q; i++) {
      get(acc(i));
      get(xj);
      i32(0);
      code.push(...V128_LOAD, ...memarg(3, CT + 8 * (j * kp + 2 * i)), ...F64X2_MUL, ...F64X2_ADD);
      set(acc(i));
    }
  }
  f64(Number.POSITIVE_INFINITY);
  set(min);
  i32(0);
  set(best);
  for (let c = 0; c < k; c++) {
    // v = s_c; cond = v < min; best = cond ? c : best; min = cond ? v : min
    get(acc(c >> 1));
    code.push(...F64X2_EXTRACT_LANE, c & 1, TEE, v);
    get(min);
    code.push(F64_LT);
    set(cond);
    i32(c);
    get(best);
    get(cond);
    code.push(SELECT);
    set(best);
    get(v);
    get(min);
    get(cond);
    code.push(SELECT);
    set(min);
  }
  // closest[r] = best; partial[r] = min
  get(r);
  i32(4);
  code.push(0x6c); // i32.mul
  get(best);
  code.push(I32_STORE, ...memarg(2, OUT_CLOSEST));
  get(r);
  i32(8);
  code.push(0x6c);
  get(min);
  code.push(F64_STORE, ...memarg(3, OUT_PARTIAL));
  // The row's share of the stats, as assignClusters' addToStats: sums[best] += x,
  // xx = Σ (x_j − s_j)², counts[best] += 1, cost += max(0, min + xx).
  get(best);
  i32(8 * d);
  code.push(I32_MUL);
  set(o);
  f64(0);
  set(xx);
  for (let j = 0; j < d; j++) {
    get(p);
    code.push(F64_LOAD, ...memarg(3, 8 * j));
    set(x);
    get(o);
    get(o);
    code.push(F64_LOAD, ...memarg(3, SUMS + 8 * j));
    get(x);
    code.push(F64_ADD, F64_STORE, ...memarg(3, SUMS + 8 * j));
    get(x);
    i32(0);
    code.push(F64_LOAD, ...memarg(3, SHIFT + 8 * j), F64_SUB);
    set(t);
    get(xx);
    get(t);
    get(t);
    code.push(F64_MUL, F64_ADD);
    set(xx);
  }
  get(best);
  i32(8);
  code.push(I32_MUL, TEE, o);
  get(o);
  code.push(F64_LOAD, ...memarg(3, COUNTS));
  f64(1);
  code.push(F64_ADD, F64_STORE, ...memarg(3, COUNTS));
  get(cost);
  f64(0);
  get(min);
  get(xx);
  code.push(F64_ADD, F64_MAX, F64_ADD);
  set(cost);
  get(r);
  i32(1);
  code.push(I32_ADD);
  set(r);
  get(p);
  i32(8 * d);
  code.push(I32_ADD);
  set(p);
  code.push(BR, 0, END, END);
  i32(0);
  get(cost);
  code.push(F64_STORE, ...memarg(3, COST), END);
  // locals after the param: 5 i32, 6 f64, 1 + q v128
  const locals = [3, 5, 0x7f, 6, 0x7c, ...uleb(1 + q), 0x7b];
  return [...locals, ...code];
}

const kernels = new Map<string, ClosestKernel | null>();

/** The kernel for (k, d), assembled on first use; null above MAX_KD or without WebAssembly SIMD. */
export function closestKernel(k: number, d: number): ClosestKernel | null {
  const key = `${k},${d}`;
  let kernel = kernels.get(key);
  if (kernel !== undefined) return kernel;
  kernel = null;
  if (k * d <= MAX_KD) {
    const m = instantiate(1, PAGES, body(k, d));
    if (m) {
      const kp = k + (k & 1);
      kernel = {
        Ct: new Float64Array(m.memory, CT, d * kp),
        b: new Float64Array(m.memory, B, kp),
        kp,
        rows: new Float64Array(m.memory, X, KERNEL_ROWS * d + 1),
        closest: new Int32Array(m.memory, OUT_CLOSEST, KERNEL_ROWS),
        partial: new Float64Array(m.memory, OUT_PARTIAL, KERNEL_ROWS),
        shift: new Float64Array(m.memory, SHIFT, d),
        sums: new Float64Array(m.memory, SUMS, k * d),
        counts: new Float64Array(m.memory, COUNTS, k),
        cost: new Float64Array(m.memory, COST, 1),
        run: m.run,
      };
    }
  }
  kernels.set(key, kernel);
  return kernel;
}
