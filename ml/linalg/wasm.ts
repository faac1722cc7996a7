/**
 * The few pieces of the WebAssembly binary format that ml/'s SIMD kernels (gramKernel.ts,
 * closestKernel.ts) are assembled from: instruction bytes, LEB128, sections, and instantiation.
 * The kernels are a few hundred bytes each, built at run time: no file, toolchain or download.
 */
// Instruction bytes (WebAssembly core spec, binary format; SIMD opcodes after the 0xfd prefix).
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const END = 0x0b;
export const BR = 0x0c;
export const BR_IF = 0x0d;
export const GET = 0x20;
export const SET = 0x21;
export const I32_CONST = 0x41;
export const I32_ADD = 0x6a;
export const I32_MUL = 0x6c;
export const I32_AND = 0x71;
export const I32_GE_S = 0x4e;
export const F64_LOAD = 0x2b;
export const F64_STORE = 0x39;
export const F64_ADD = 0xa0;
export const SIMD = 0xfd;
export const V128_LOAD = [SIMD, 0x00];
export const V128_LOAD64_SPLAT = [SIMD, 0x0a];
export const V128_STORE = [SIMD, 0x0b];
export const V128_CONST = [SIMD, 0x0c];
export const F64X2_EXTRACT_LANE = [SIMD, 0x21];
export const F64X2_ADD = [SIMD, 0xf0, 0x01];
export const F64X2_MUL = [SIMD, 0xf2, 0x01];

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
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
export function sleb(n: number): number[] {
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

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

export function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/**
 * A module with one memory ("mem", `pages` of 64 KiB) and one function ("run") of type `params`
 * (i32 each) → (), from its body (locals and code, without the size); null when this runtime
 * cannot compile it (no WebAssembly SIMD).
 */
export function instantiate(
  params: number,
  pages: number,
  fnBody: number[],
): { memory: ArrayBuffer; run: (...args: number[]) => void } | null {
  const bytes = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params, ...new Array(params).fill(0x7f), 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [2, ...name("mem"), 0x02, 0, ...name("run"), 0x00, 0]),
    ...section(10, [1, ...uleb(fnBody.length), ...fnBody]),
  ]);
  try {
    const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    const instance = new wasm.Instance(new wasm.Module(bytes));
    return {
      memory: (instance.exports.mem as { buffer: ArrayBuffer }).buffer,
      run: instance.exports.run as (...args: number[]) => void,
    };
  } catch {
    return null;
  }
}
