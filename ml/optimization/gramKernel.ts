import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64X2_ADD,
  F64X2_MUL,
  GET,
  I32_ADD,
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
  V128_LOAD64_SPLAT,
  V128_STORE,
} from "../linalg/wasm";

/**
 * The inner loop of the least-squares Gram matrix as a tiny WebAssembly SIMD function (f64x2),
 * assembled here from its instructions: no file, no download, no toolchain. It reads ROW-major
 * blocks, so gram.ts copies each record with one `Float64Array.prototype.set`. The column-major
 * kernel it replaced needed every record scattered into d + 1 columns and was itself slower:
 * 0.38 against 0.34 ms for 10,000 rows of d 20.
 *
 * The function `block(rows, mp, sOff)` adds, for every i < mp and j ≥ i in tiles of 4 × 4
 * (i and j multiples of 4), Σ_r z[r][i] · z[r][j] to S[i][j] (S is mp × mp float64 at byte
 * offset sOff). Row r is z[r] = mp float64 at byte r · mp · 8, from byte 0. mp must be a
 * multiple of 4 and the padding columns zero. Rows are summed in order, one lane per column j
 * (lanes along j, the four z[r][i] broadcast): a tile keeps its 4 × 4 sums in eight registers
 * while it reads the block's rows, four broadcasts and two loads feeding eight multiply-adds.
 * It also computes the entries below the diagonal inside the diagonal tiles; the caller ignores them.
 */

/** The function body: params 0–2 (rows, mp, sOff), then the locals below. */
function body(): number[] {
  const [rows, mp, sOff] = [0, 1, 2];
  // i32 locals
  const [rowBytes, i, j, q, q2, qEnd, o] = [3, 4, 5, 6, 7, 8, 9];
  // v128 locals: x0..x3 (broadcast z[r][i..i+3]), c0, c1 (z[r][j..j+3]), acc (a, k) at 2a + k
  const x = [10, 11, 12, 13];
  const c = [14, 15];
  const acc = [16, 17, 18, 19, 20, 21, 22, 23];
  const code: number[] = [];
  const get = (v: number) => code.push(GET, v);
  const set = (v: number) => code.push(SET, v);
  const i32 = (k: number) => code.push(I32_CONST, ...sleb(k));
  const memarg = (align: number, offset: number) => [align, ...uleb(offset)];

  // rowBytes = mp * 8
  get(mp);
  i32(8);
  code.push(I32_MUL);
  set(rowBytes);
  i32(0);
  set(i);
  code.push(...BLOCK, ...LOOP);
  get(i);
  get(mp);
  code.push(I32_GE_S, BR_IF, 1);
  get(i);
  set(j);
  code.push(...BLOCK, ...LOOP);
  get(j);
  get(mp);
  code.push(I32_GE_S, BR_IF, 1);
  for (const a of acc) {
    code.push(...V128_CONST, ...new Array(16).fill(0));
    set(a);
  }
  // q = i * 8, q2 = j * 8, qEnd = rows * rowBytes + q
  get(i);
  i32(8);
  code.push(I32_MUL);
  set(q);
  get(j);
  i32(8);
  code.push(I32_MUL);
  set(q2);
  get(rows);
  get(rowBytes);
  code.push(I32_MUL);
  get(q);
  code.push(I32_ADD);
  set(qEnd);
  code.push(...BLOCK, ...LOOP);
  get(q);
  get(qEnd);
  code.push(I32_GE_S, BR_IF, 1);
  for (let a = 0; a < 4; a++) {
    get(q);
    code.push(...V128_LOAD64_SPLAT, ...memarg(3, 8 * a));
    set(x[a]!);
  }
  for (let k = 0; k < 2; k++) {
    get(q2);
    code.push(...V128_LOAD, ...memarg(3, 16 * k));
    set(c[k]!);
  }
  for (let a = 0; a < 4; a++) {
    for (let k = 0; k < 2; k++) {
      const s = acc[2 * a + k]!;
      get(s);
      get(x[a]!);
      get(c[k]!);
      code.push(...F64X2_MUL, ...F64X2_ADD);
      set(s);
    }
  }
  for (const v of [q, q2]) {
    get(v);
    get(rowBytes);
    code.push(I32_ADD);
    set(v);
  }
  code.push(BR, 0);
  code.push(END, END);
  // S[i + a][j .. j+3] += acc: o = sOff + (i * mp + j) * 8, then one row of S (rowBytes) per a
  get(i);
  get(mp);
  code.push(I32_MUL);
  get(j);
  code.push(I32_ADD);
  i32(8);
  code.push(I32_MUL);
  get(sOff);
  code.push(I32_ADD);
  set(o);
  for (let a = 0; a < 4; a++) {
    for (let k = 0; k < 2; k++) {
      get(o);
      get(o);
      code.push(...V128_LOAD, ...memarg(3, 16 * k));
      get(acc[2 * a + k]!);
      code.push(...F64X2_ADD, ...V128_STORE, ...memarg(3, 16 * k));
    }
    get(o);
    get(rowBytes);
    code.push(I32_ADD);
    set(o);
  }
  get(j);
  i32(4);
  code.push(I32_ADD);
  set(j);
  code.push(BR, 0);
  code.push(END, END);
  get(i);
  i32(4);
  code.push(I32_ADD);
  set(i);
  code.push(BR, 0);
  code.push(END, END, END);
  // locals: 7 i32, 14 v128
  const locals = [2, ...uleb(7), 0x7f, ...uleb(14), 0x7b];
  return [...locals, ...code];
}

/** 64 KiB pages of the module's memory: blocks of up to 256 rows × 36 columns (72 KB; d ≤ 32, see backend.ts), and S. */
const PAGES = 4;
/** Byte offset of S in the module's memory (after the largest block of rows). */
export const KERNEL_S_OFFSET = 3 * 65536;

/** The instantiated kernel: its memory as float64 and the function. */
export interface GramKernel {
  memory: Float64Array;
  block(rows: number, mp: number, sOff: number): void;
}

let kernel: GramKernel | null | undefined;

/**
 * The kernel, compiled on first use (synchronously: the module is a few hundred bytes), or null
 * where WebAssembly SIMD is not available (the JS loops are used then).
 */
export function gramKernel(): GramKernel | null {
  if (kernel !== undefined) return kernel;
  const m = instantiate(3, PAGES, body());
  kernel = m && { memory: new Float64Array(m.memory), block: m.run };
  return kernel;
}
