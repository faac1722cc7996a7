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
  I32_AND,
  I32_CONST,
  I32_GE_S,
  I32_MUL,
  instantiate,
  LOOP,
  SET,
  sleb,
  uleb,
  V128_CONST,
  V128_LOAD,
} from "../linalg/wasm";

/**
 * The inner loop of the least-squares Gram matrix as a tiny WebAssembly SIMD function (f64x2),
 * assembled here from its instructions: no file, no download, no toolchain. JS loops do the same
 * sums at about 2 GFLOP/s (bounds checks, scalar doubles); this does two rows per instruction.
 *
 * The function `block(pairs, mp, stride, sOff)` adds, for every even i < mp and every j from
 * i rounded down to a multiple of 4 up to mp, the dot products of columns i and i+1 with
 * columns j..j+3 to S[i][j..j+3] and S[i+1][j..j+3] (S is mp × mp float64 at byte offset
 * sOff). Columns are float64, `stride` bytes apart, starting at byte 0; a dot product covers
 * `pairs` pairs of rows (two lanes, summed at the end: lane 0 holds the even rows, lane 1 the
 * odd). mp must be a multiple of 4; the padding columns and an odd block's last row must be
 * zero. It also computes entries below the diagonal, which the caller ignores.
 */

/** The function body: params 0–3 (pairs, mp, stride, sOff), then the locals below. */
function body(): number[] {
  // i32 locals
  const [pairs, mp, stride, sOff] = [0, 1, 2, 3];
  const [i, j, p, end, a0, a1, b0, b1, b2, b3, o0, o1] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  // v128 locals: u, v, c0..c3, then the eight accumulators s00..s03, s10..s13
  const u = 16;
  const v = 17;
  const c = [18, 19, 20, 21];
  const acc = [22, 23, 24, 25, 26, 27, 28, 29];
  const code: number[] = [];
  const get = (x: number) => code.push(GET, x);
  const set = (x: number) => code.push(SET, x);
  const i32 = (k: number) => code.push(I32_CONST, ...sleb(k));
  const memarg = (align: number, offset: number) => [align, ...uleb(offset)];

  // end = pairs * 16
  get(pairs);
  i32(16);
  code.push(I32_MUL);
  set(end);
  i32(0);
  set(i);
  code.push(...BLOCK, ...LOOP);
  get(i);
  get(mp);
  code.push(I32_GE_S, BR_IF, 1);
  // a0 = i * stride, a1 = a0 + stride
  get(i);
  get(stride);
  code.push(I32_MUL);
  set(a0);
  get(a0);
  get(stride);
  code.push(I32_ADD);
  set(a1);
  // j = i & ~3
  get(i);
  i32(-4);
  code.push(I32_AND);
  set(j);
  code.push(...BLOCK, ...LOOP);
  get(j);
  get(mp);
  code.push(I32_GE_S, BR_IF, 1);
  get(j);
  get(stride);
  code.push(I32_MUL);
  set(b0);
  for (const [from, to] of [
    [b0, b1],
    [b1, b2],
    [b2, b3],
  ] as const) {
    get(from);
    get(stride);
    code.push(I32_ADD);
    set(to);
  }
  for (const a of acc) {
    code.push(...V128_CONST, ...new Array(16).fill(0));
    set(a);
  }
  i32(0);
  set(p);
  code.push(...BLOCK, ...LOOP);
  get(p);
  get(end);
  code.push(I32_GE_S, BR_IF, 1);
  for (const [base, into] of [
    [a0, u],
    [a1, v],
    [b0, c[0]!],
    [b1, c[1]!],
    [b2, c[2]!],
    [b3, c[3]!],
  ] as const) {
    get(base);
    get(p);
    code.push(I32_ADD, ...V128_LOAD, ...memarg(3, 0));
    set(into);
  }
  for (let row = 0; row < 2; row++) {
    for (let k = 0; k < 4; k++) {
      const s = acc[row * 4 + k]!;
      get(s);
      get(row === 0 ? u : v);
      get(c[k]!);
      code.push(...F64X2_MUL, ...F64X2_ADD);
      set(s);
    }
  }
  get(p);
  i32(16);
  code.push(I32_ADD);
  set(p);
  code.push(BR, 0);
  code.push(END, END);
  // o0 = sOff + (i * mp + j) * 8, o1 = o0 + mp * 8
  get(i);
  get(mp);
  code.push(I32_MUL);
  get(j);
  code.push(I32_ADD);
  i32(8);
  code.push(I32_MUL);
  get(sOff);
  code.push(I32_ADD);
  set(o0);
  get(o0);
  get(mp);
  i32(8);
  code.push(I32_MUL, I32_ADD);
  set(o1);
  for (let row = 0; row < 2; row++) {
    for (let k = 0; k < 4; k++) {
      const o = row === 0 ? o0 : o1;
      const s = acc[row * 4 + k]!;
      get(o);
      get(o);
      code.push(F64_LOAD, ...memarg(3, 8 * k));
      get(s);
      code.push(...F64X2_EXTRACT_LANE, 0);
      get(s);
      code.push(...F64X2_EXTRACT_LANE, 1, F64_ADD, F64_ADD, F64_STORE, ...memarg(3, 8 * k));
    }
  }
  get(j);
  i32(4);
  code.push(I32_ADD);
  set(j);
  code.push(BR, 0);
  code.push(END, END);
  get(i);
  i32(2);
  code.push(I32_ADD);
  set(i);
  code.push(BR, 0);
  code.push(END, END, END);
  // locals: 12 i32, 14 v128
  const locals = [2, ...uleb(12), 0x7f, ...uleb(14), 0x7b];
  return [...locals, ...code];
}

/** 64 KiB pages of the module's memory: blocks of up to 256 rows × 36 columns, and S. */
const PAGES = 4;
/** Byte offset of S in the module's memory (after the largest block of columns). */
export const KERNEL_S_OFFSET = 3 * 65536;

/** The instantiated kernel: its memory as float64 and the function. */
export interface GramKernel {
  memory: Float64Array;
  block(pairs: number, mp: number, stride: number, sOff: number): void;
}

let kernel: GramKernel | null | undefined;

/**
 * The kernel, compiled on first use (synchronously: the module is a few hundred bytes), or null
 * where WebAssembly SIMD is not available (the JS loops are used then).
 */
export function gramKernel(): GramKernel | null {
  if (kernel !== undefined) return kernel;
  const m = instantiate(4, PAGES, body());
  kernel = m && { memory: new Float64Array(m.memory), block: m.run };
  return kernel;
}
