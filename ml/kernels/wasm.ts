/**
 * The few pieces of the WebAssembly binary format that ml/'s SIMD kernels (clusterStatsWasm.ts,
 * gramWasm.ts) are assembled from: instruction bytes, a function-body builder, and
 * instantiation. The kernels are built at run time for their sizes (a few hundred bytes at the usual ones):
 * no file, toolchain or download.
 */

const SIMD = 0xfd;

/** Instruction bytes (WebAssembly core spec, binary format; SIMD opcodes after the 0xfd prefix). */
export const op = {
  BLOCK: [0x02, 0x40],
  LOOP: [0x03, 0x40],
  END: 0x0b,
  BR: 0x0c,
  BR_IF: 0x0d,
  SELECT: 0x1b,
  I32_ADD: 0x6a,
  I32_MUL: 0x6c,
  I32_GE_S: 0x4e,
  F64_LOAD: 0x2b,
  F64_STORE: 0x39,
  F64_LT: 0x63,
  F64_ADD: 0xa0,
  F64_SUB: 0xa1,
  F64_MUL: 0xa2,
  F64_MAX: 0xa5,
  V128_LOAD: [SIMD, 0x00],
  V128_LOAD64_SPLAT: [SIMD, 0x0a],
  V128_STORE: [SIMD, 0x0b],
  V128_CONST: [SIMD, 0x0c],
  F64X2_SPLAT: [SIMD, 0x14],
  F64X2_EXTRACT_LANE: [SIMD, 0x21],
  F64X2_ADD: [SIMD, 0xf0, 0x01],
  F64X2_MUL: [SIMD, 0xf2, 0x01],
} as const;

/** Value types of locals. */
export const valtype = { I32: 0x7f, F64: 0x7c, V128: 0x7b } as const;

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

/** Signed LEB128. */
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

/**
 * A function body being written: instructions appended in order, with the immediates encoded.
 *
 * @example
 * const f = new FunctionBody([[2, valtype.I32]]); // after the parameters, two i32 locals
 * f.get(0).i32(1).op(op.I32_ADD).set(1).op(op.END);
 */
export class FunctionBody {
  private readonly code: number[] = [];

  /** `locals`: runs of [count, type] declared after the parameters. */
  constructor(private readonly locals: readonly (readonly [number, number])[]) {}

  op(...bytes: (number | readonly number[])[]): this {
    for (const b of bytes) {
      if (typeof b === "number") this.code.push(b);
      else this.code.push(...b);
    }
    return this;
  }

  get(local: number): this {
    return this.op(0x20, uleb(local));
  }

  set(local: number): this {
    return this.op(0x21, uleb(local));
  }

  tee(local: number): this {
    return this.op(0x22, uleb(local));
  }

  i32(value: number): this {
    return this.op(0x41, sleb(value));
  }

  f64(value: number): this {
    return this.op(0x44, Array.from(new Uint8Array(Float64Array.of(value).buffer)));
  }

  /** A memory instruction with its alignment (log2 bytes) and constant byte offset. */
  mem(instruction: number | readonly number[], align: number, offset: number): this {
    return this.op(instruction, align, uleb(offset));
  }

  /** The encoded body: local declarations, then the code. */
  bytes(): number[] {
    const decls = this.locals.flatMap(([count, type]) => [...uleb(count), type]);
    return [...uleb(this.locals.length), ...decls, ...this.code];
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** The part of the WebAssembly API used here (this project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** An instantiated kernel: its memory and its one function. */
export interface WasmKernel {
  memory: ArrayBuffer;
  run: (...args: number[]) => void;
}

/**
 * A module with one memory ("mem", `bytes` rounded up to 64 KiB pages) and one function
 * ("run") taking `params` i32 arguments and returning nothing.
 */
export function instantiate(params: number, bytes: number, body: FunctionBody): WasmKernel {
  const fnBody = body.bytes();
  const module = Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, params, ...new Array(params).fill(valtype.I32), 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0x00, ...uleb(Math.ceil(bytes / 65536))]),
    ...section(7, [2, ...name("mem"), 0x02, 0, ...name("run"), 0x00, 0]),
    ...section(10, [1, ...uleb(fnBody.length), ...fnBody]),
  ]);
  const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
  let instance: { exports: Record<string, unknown> };
  try {
    instance = new wasm.Instance(new wasm.Module(module));
  } catch (e) {
    throw new Error(
      `ml/ needs WebAssembly SIMD, which Node 20 and later have; this runtime could not compile a SIMD kernel (${e}).`,
    );
  }
  return {
    memory: (instance.exports.mem as { buffer: ArrayBuffer }).buffer,
    run: instance.exports.run as (...args: number[]) => void,
  };
}
