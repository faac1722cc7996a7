import { NonComparableKeyError } from "../errors";

/*
 * Keys compare by value: primitives as themselves, tuples (arrays of primitives, nested
 * allowed) through a string encoding. JavaScript's Map compares objects by identity, which
 * would silently split ["a", 1] from another ["a", 1]; anything else is rejected by name.
 */

/** The string that stands for a tuple key; throws NonComparableKeyError for other objects. */
export function tupleCode(key: readonly unknown[], operator: string): string {
  let code = "[";
  for (let i = 0; i < key.length; i++) {
    const e = key[i];
    if (i > 0) code += ",";
    switch (typeof e) {
      case "string":
        code += JSON.stringify(e);
        break;
      case "number":
        code += Object.is(e, -0) ? "0" : String(e);
        break;
      case "boolean":
        code += e ? "true" : "false";
        break;
      case "bigint":
        code += `${e}n`;
        break;
      case "undefined":
        code += "undefined";
        break;
      case "object":
        if (e === null) code += "null";
        else if (Array.isArray(e)) code += tupleCode(e, operator);
        else throw new NonComparableKeyError(operator, key);
        break;
      default:
        throw new NonComparableKeyError(operator, key);
    }
  }
  return `${code}]`;
}

/** Checks that `key` can be compared by value and returns what a Map should be keyed on. */
export function keyCode(key: unknown, operator: string): unknown {
  if (typeof key === "object" && key !== null) {
    if (Array.isArray(key)) return tupleCode(key, operator);
    throw new NonComparableKeyError(operator, key);
  }
  if (typeof key === "function" || typeof key === "symbol") throw new NonComparableKeyError(operator, key);
  return key;
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** A hash of the key's value (not identity), stable across runs. */
export function hashKey(key: unknown, operator: string): number {
  switch (typeof key) {
    case "string":
      return hashString(key);
    case "number":
      return Number.isInteger(key) && Math.abs(key) < 2 ** 31 ? key | 0 : hashString(String(key));
    case "boolean":
      return key ? 1231 : 1237;
    case "bigint":
      return hashString(key.toString());
    case "undefined":
      return 0;
    default:
      return key === null ? 0 : hashString(keyCode(key, operator) as string);
  }
}

/**
 * Whether `key` goes straight into a Map (a primitive). Functions and symbols are rejected here,
 * in every KeyMap method alike, so has() or delete() cannot answer by identity where set() throws.
 */
function isPlain(key: unknown, operator: string): boolean {
  if (typeof key === "object" && key !== null) return false;
  if (typeof key === "function" || typeof key === "symbol") throw new NonComparableKeyError(operator, key);
  return true;
}

/**
 * A Map whose keys compare by value (see keyCode). Primitive keys take the fast path straight
 * into a Map; tuple keys are stored under their code with the original key kept for output.
 *
 * @example
 * const m = new KeyMap<[string, number], number>("reduceByKey");
 * m.set(["a", 1], 1); m.get(["a", 1]); // 1
 */
export class KeyMap<K, V> {
  private readonly plain = new Map<K, V>();
  private tuples: Map<string, [K, V]> | undefined;

  constructor(readonly operator: string) {}

  get size(): number {
    return this.plain.size + (this.tuples?.size ?? 0);
  }

  get(key: K): V | undefined {
    if (isPlain(key, this.operator)) return this.plain.get(key);
    return this.tuples?.get(keyCode(key, this.operator) as string)?.[1];
  }

  has(key: K): boolean {
    if (isPlain(key, this.operator)) return this.plain.has(key);
    return this.tuples?.has(keyCode(key, this.operator) as string) ?? false;
  }

  set(key: K, value: V): this {
    if (isPlain(key, this.operator)) {
      this.plain.set(key, value);
    } else {
      this.tuples ??= new Map();
      this.tuples.set(keyCode(key, this.operator) as string, [key, value]);
    }
    return this;
  }

  delete(key: K): boolean {
    if (isPlain(key, this.operator)) return this.plain.delete(key);
    return this.tuples?.delete(keyCode(key, this.operator) as string) ?? false;
  }

  /** Calls `f` for every entry; faster than iterating `entries()` on hot paths. */
  forEach(f: (value: V, key: K) => void): void {
    this.plain.forEach(f);
    this.tuples?.forEach(([k, v]) => f(v, k));
  }

  *entries(): IterableIterator<[K, V]> {
    yield* this.plain.entries();
    if (this.tuples) for (const kv of this.tuples.values()) yield [kv[0], kv[1]];
  }

  /** A copy that later writes to either map do not affect. */
  clone(): KeyMap<K, V> {
    const copy = new KeyMap<K, V>(this.operator);
    this.forEach((v, k) => copy.set(k, v));
    return copy;
  }
}
