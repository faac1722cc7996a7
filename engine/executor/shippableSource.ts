import { freeIdentifiers } from "./freeIdentifiers";

/**
 * The globals a shipped function may read: standard JavaScript that behaves the same in a worker
 * thread. Left out on purpose: anything asynchronous (Promise, setTimeout), anything tied to the
 * process or thread (process, require, globalThis, SharedArrayBuffer, Atomics), and `__name`'s
 * siblings. `__name` itself is the helper esbuild (tsx) wraps named inner functions in; the
 * worker defines it the same way, so sources compiled by tsx still ship.
 */
export const SHIPPABLE_GLOBALS: ReadonlySet<string> = new Set([
  "Array",
  "ArrayBuffer",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Boolean",
  "DataView",
  "Date",
  "Error",
  "EvalError",
  "Float32Array",
  "Float64Array",
  "Infinity",
  "Int16Array",
  "Int32Array",
  "Int8Array",
  "Intl",
  "JSON",
  "Map",
  "Math",
  "NaN",
  "Number",
  "Object",
  "RangeError",
  "ReferenceError",
  "Reflect",
  "RegExp",
  "Set",
  "String",
  "Symbol",
  "SyntaxError",
  "TextDecoder",
  "TextEncoder",
  "TypeError",
  "URIError",
  "Uint16Array",
  "Uint32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "WeakMap",
  "WeakSet",
  "__name",
  "console",
  "decodeURI",
  "decodeURIComponent",
  "encodeURI",
  "encodeURIComponent",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "structuredClone",
  "undefined",
]);

/** A function's source when it can run in a worker, or why it cannot. */
export type ShippableSource = { source: string } | { reason: string };

const byFunction = new WeakMap<Function, ShippableSource>();
// Streams build new closures for the same code every batch (an aggregator's `(v) => v`):
// verdicts are also kept by source text, up to a bound, so each source is parsed once.
const bySource = new Map<string, ShippableSource>();
const MAX_SOURCES = 1000;

/**
 * The source of `fn` if evaluating it in a fresh thread gives the same function: a function
 * expression reading no names but its own and SHIPPABLE_GLOBALS. Closures over variables, `this`,
 * methods, classes, bound and native functions get a reason instead and run on the main thread.
 *
 * @example
 * shippableSource((l: string) => l.split(" ")); // { source: '(l) => l.split(" ")' }
 * const min = 3;
 * shippableSource((x: number) => x > min); // { reason: "it reads `min`, which is not a standard global ..." }
 */
export function shippableSource(fn: Function): ShippableSource {
  let verdict = byFunction.get(fn);
  if (verdict) return verdict;
  const source = Function.prototype.toString.call(fn);
  verdict = bySource.get(source);
  if (!verdict) {
    verdict = judge(source);
    if (bySource.size >= MAX_SOURCES) bySource.clear();
    bySource.set(source, verdict);
  }
  byFunction.set(fn, verdict);
  return verdict;
}

function judge(source: string): ShippableSource {
  const analysis = freeIdentifiers(source);
  if ("reason" in analysis) return analysis;
  const outside = [...analysis.free].filter((name) => !SHIPPABLE_GLOBALS.has(name));
  if (outside.length === 0) return { source };
  return {
    reason:
      `it reads ${outside.map((n) => `\`${n}\``).join(", ")}, which ${outside.length === 1 ? "is" : "are"} ` +
      "not a standard global (a captured variable, an import or a module-level helper)",
  };
}
