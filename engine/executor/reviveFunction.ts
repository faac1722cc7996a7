// What a worker thread needs of a shipped function: its shape and how to make it again. Apart from
// shipFunction (which analyses sources and reads captured values on the main thread), so a worker
// loads none of that.

/**
 * A function as data a worker thread can turn back into the same function: its source, and the
 * values of the names it reads that are not standard globals (captured plain data, or other
 * shipped functions), read when the job is planned — so a value changed between batches (a
 * slider's threshold) is sent with the next job.
 */
export interface ShippedFunction {
  readonly source: string;
  /**
   * Name → value: plain data, or `{ [SHIPPED_FUNCTION]: ShippedFunction }` for a captured function.
   * `exports` (tslab's references to earlier notebook cells) holds only the names the source
   * reads as `exports.<name>`, each plain data or a shipped function the same way.
   */
  readonly captured: Readonly<Record<string, unknown>>;
}

/** Marks a captured value that is itself a shipped function (plain data cannot hold functions). */
export const SHIPPED_FUNCTION = "__dstreamLabShippedFunction";

/**
 * The function a ShippedFunction stands for, made in this thread (a worker's). `cache` keeps
 * compiled factories by source and captured names across jobs, so V8 keeps its optimised code;
 * the captured values are this job's.
 *
 * @example
 * const f = reviveFunction({ source: "(x) => x > min", captured: { min: 3 } }, new Map());
 * f(5); // true
 */
export function reviveFunction(
  shipped: ShippedFunction,
  cache: Map<string, (...values: unknown[]) => (...args: any[]) => any>,
): (...args: any[]) => any {
  const names = Object.keys(shipped.captured);
  const key = `${names.join(",")}\u0000${shipped.source}`;
  let factory = cache.get(key);
  if (!factory) {
    factory = new Function(...names, `"use strict"; return (${shipped.source});`) as (
      ...values: unknown[]
    ) => (...args: any[]) => any;
    if (cache.size >= 1000) cache.clear();
    cache.set(key, factory);
  }
  const values = names.map((n) => {
    const v = shipped.captured[n];
    if (n !== "exports" || v === null || typeof v !== "object") return reviveValue(v, cache);
    const members: Record<string, unknown> = {};
    for (const [k, m] of Object.entries(v)) members[k] = reviveValue(m, cache);
    return members;
  });
  return factory(...values);
}

function reviveValue(
  v: unknown,
  cache: Map<string, (...values: unknown[]) => (...args: any[]) => any>,
): unknown {
  return v !== null && typeof v === "object" && SHIPPED_FUNCTION in v
    ? reviveFunction((v as Record<string, ShippedFunction>)[SHIPPED_FUNCTION]!, cache)
    : v;
}
