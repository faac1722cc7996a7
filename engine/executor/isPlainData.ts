/** Deeper than this (or a cycle) is not worth checking: such data stays on the main thread. */
const MAX_DEPTH = 64;

const TYPED_ARRAY_PROTOTYPES = new Set<object>(
  [
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
    DataView,
  ].map((c) => c.prototype),
);

/**
 * Whether `x` survives a trip to another thread (structured clone) as an equal value of the same
 * kind: primitives other than symbols, arrays, plain objects, Map, Set, Date, RegExp, typed arrays
 * and ArrayBuffers, nested to any reasonable depth. Class instances (their prototype would be
 * lost), functions, symbols, Buffers (they come back as plain Uint8Arrays) and null-prototype
 * objects (they come back with Object.prototype) are not.
 *
 * @example isPlainData([["a", 1], { n: new Date(0) }]); // true
 * @example isPlainData([new (class Point {})()]); // false
 */
export function isPlainData(x: unknown, depth = 0): boolean {
  switch (typeof x) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
      return true;
    case "object":
      break;
    default:
      return false;
  }
  if (x === null) return true;
  if (depth >= MAX_DEPTH) return false;
  const proto = Object.getPrototypeOf(x);
  if (proto === Array.prototype) {
    const a = x as unknown[];
    for (let i = 0; i < a.length; i++) if (!isPlainData(a[i], depth + 1)) return false;
    return true;
  }
  if (proto === Object.prototype) {
    if (Object.getOwnPropertySymbols(x).length > 0) return false;
    for (const v of Object.values(x)) if (!isPlainData(v, depth + 1)) return false;
    return true;
  }
  if (proto === Map.prototype) {
    for (const [k, v] of x as Map<unknown, unknown>)
      if (!isPlainData(k, depth + 1) || !isPlainData(v, depth + 1)) return false;
    return true;
  }
  if (proto === Set.prototype) {
    for (const v of x as Set<unknown>) if (!isPlainData(v, depth + 1)) return false;
    return true;
  }
  return (
    proto === Date.prototype ||
    proto === RegExp.prototype ||
    proto === ArrayBuffer.prototype ||
    TYPED_ARRAY_PROTOTYPES.has(proto)
  );
}
