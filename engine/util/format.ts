/**
 * How records look in print() and saveAsTextFiles(): like Spark's toString, so tuples read
 * `(word,3)` and a notebook's output matches the Spark guide the user is following.
 */
export function formatRecord(x: unknown): string {
  if (typeof x === "string") return x;
  if (Array.isArray(x)) return `(${x.map(formatRecord).join(",")})`;
  if (x instanceof Map)
    return `Map(${[...x].map(([k, v]) => `${formatRecord(k)} -> ${formatRecord(v)}`).join(", ")})`;
  if (ArrayBuffer.isView(x)) return `[${Array.from(x as unknown as ArrayLike<number>).join(",")}]`;
  if (x !== null && typeof x === "object") {
    if (x.toString !== Object.prototype.toString) return String(x);
    try {
      return JSON.stringify(x);
    } catch {
      return String(x);
    }
  }
  return String(x);
}
