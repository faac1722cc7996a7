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

// Instruction bytes (WebAssembly core spec, binary format; SIMD opcodes after the 0xfd prefix).
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;
const GET = 0x20;
const SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_GE_S = 0x4e;
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const F64_ADD = 0xa0;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const V128_CONST = [SIMD, 0x0c];
const F64X2_EXTRACT_LANE = [SIMD, 0x21];
const F64X2_ADD = [SIMD, 0xf0, 0x01];
const F64X2_MUL = [SIMD, 0xf2, 0x01];

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (small constants). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

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

/** The module's bytes: one memory ("mem", PAGES pages) and one function ("block"). */
function moduleBytes(): Uint8Array {
  const fn = body();
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(PAGES)]),
    ...section(7, [2, ...name("mem"), 0x02, 0, ...name("block"), 0x00, 0]),
    ...section(10, [1, ...uleb(fn.length), ...fn]),
  ];
  return Uint8Array.from(bytes);
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

/** The part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

let kernel: GramKernel | null | undefined;

/**
 * The kernel, compiled on first use (synchronously: the module is a few hundred bytes), or null
 * where WebAssembly SIMD is not available (the JS loops are used then).
 */
export function gramKernel(): GramKernel | null {
  if (kernel !== undefined) return kernel;
  try {
    const bytes = moduleBytes();
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(bytes));
    const mem = instance.exports.mem as { buffer: ArrayBuffer };
    kernel = {
      memory: new Float64Array(mem.buffer),
      block: instance.exports.block as GramKernel["block"],
    };
  } catch {
    kernel = null;
  }
  return kernel;
}
