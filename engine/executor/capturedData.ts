/*
 * Helpers for the values a shipped closure captures: how large they are once copied to a worker,
 * and what in them is not plain data (for the message that keeps the closure on the main thread).
 */

/** Beyond this depth (or in a cycle) data is not plain: isPlainData stops at the same depth. */
const MAX_DEPTH = 64;
/** Per object, array, Map or Set: the structured-clone tag, length and references. */
const OBJECT_OVERHEAD = 16;

/**
 * About how many bytes a structured clone of `x` takes, counting until `limit` is passed (then it
 * returns a number above `limit` without walking the rest), so huge data costs no more than
 * `limit` bytes' worth of walking. Shared references count each time they are met.
 *
 * @example estimateBytes([1, "ab"], Infinity); // 16 + 8 + 2 + 8 = 34
 */
export function estimateBytes(x: unknown, limit: number): number {
  let total = 0;
  const walk = (v: unknown, depth: number): void => {
    if (total > limit) return;
    switch (typeof v) {
      case "string":
        total += (v as string).length + 8;
        return;
      case "number":
      case "boolean":
      case "undefined":
        total += 8;
        return;
      case "bigint":
        total += 8 + Math.ceil((v as bigint).toString(16).length / 2);
        return;
      case "object":
        break;
      default:
        return;
    }
    if (v === null || depth >= MAX_DEPTH) {
      total += 8;
      return;
    }
    total += OBJECT_OVERHEAD;
    if (ArrayBuffer.isView(v)) {
      total += v.byteLength;
    } else if (v instanceof ArrayBuffer) {
      total += v.byteLength;
    } else if (v instanceof Map) {
      for (const [k, e] of v) {
        walk(k, depth + 1);
        walk(e, depth + 1);
        if (total > limit) return;
      }
    } else if (v instanceof Set) {
      for (const e of v) {
        walk(e, depth + 1);
        if (total > limit) return;
      }
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && total <= limit; i++) walk(v[i], depth + 1);
    } else if (v instanceof Date) {
      total += 8;
    } else {
      for (const k in v) {
        if (!Object.hasOwn(v, k)) continue;
        total += k.length;
        walk((v as Record<string, unknown>)[k], depth + 1);
        if (total > limit) return;
      }
    }
  };
  walk(x, 0);
  return total;
}

/**
 * What in `x` is not plain data, in words and with where it is (`.model`, `[3]`, `(a Map value)`),
 * for a value isPlainData refused; undefined when nothing is found.
 *
 * @example nonPlainPart({ conn: new Socket() }); // "an object holding a Socket at .conn"
 */
export function nonPlainPart(x: unknown): string | undefined {
  const found = find(x, "", 0);
  if (!found) return undefined;
  if (!found.path) return found.what;
  return `${describeContainer(x)} holding ${found.what} at ${found.path}`;
}

function find(v: unknown, path: string, depth: number): { what: string; path: string } | undefined {
  switch (typeof v) {
    case "function":
      return { what: "a function", path };
    case "symbol":
      return { what: "a symbol", path };
    case "object":
      break;
    default:
      return undefined;
  }
  if (v === null) return undefined;
  if (depth >= MAX_DEPTH)
    return { what: `data nested more than ${MAX_DEPTH} levels deep (or a cycle)`, path };
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) {
    const a = v as unknown[];
    for (let i = 0; i < a.length; i++) {
      const f = find(a[i], `${path}[${i}]`, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  if (proto === Object.prototype) {
    if (Object.getOwnPropertySymbols(v).length > 0) return { what: "an object with symbol keys", path };
    for (const [k, e] of Object.entries(v)) {
      const f = find(e, `${path}.${k}`, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  if (proto === Map.prototype) {
    for (const [k, e] of v as Map<unknown, unknown>) {
      const f = find(k, `${path} (a Map key)`, depth + 1) ?? find(e, `${path}.get(${String(k)})`, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  if (proto === Set.prototype) {
    for (const e of v as Set<unknown>) {
      const f = find(e, `${path} (a Set element)`, depth + 1);
      if (f) return f;
    }
    return undefined;
  }
  if (proto === null) return { what: "an object without a prototype", path };
  if (
    proto === Date.prototype ||
    proto === RegExp.prototype ||
    proto === ArrayBuffer.prototype ||
    // The standard typed arrays and DataView, not a Buffer (it comes back as a plain Uint8Array).
    (ArrayBuffer.isView(v) && proto !== Buffer.prototype && isBuiltin(proto))
  ) {
    return undefined;
  }
  return { what: describeContainer(v), path };
}

/** "an array", "an object", "a Map", "a Promise", "an instance of class Model". */
function describeContainer(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype) return "an object";
  const name: unknown = proto?.constructor?.name;
  if (typeof name !== "string" || name === "") return "an instance of an anonymous class";
  // Built-ins (Map, Promise, WeakMap) by name; user classes say they are classes.
  return isBuiltin(proto) ? `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}` : `an instance of class ${name}`;
}

function isBuiltin(proto: any): boolean {
  const ctor = proto?.constructor;
  return typeof ctor?.name === "string" && (globalThis as Record<string, unknown>)[ctor.name] === ctor;
}
