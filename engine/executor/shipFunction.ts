import { shippableSource } from "./shippableSource";

/**
 * A function as data a worker thread can turn back into the same function: its source, and the
 * values of the names it reads that are not standard globals (captured plain data, or other
 * shipped functions), read when the job is planned — so a value changed between batches (a
 * slider's threshold) is sent with the next job.
 */
export interface ShippedFunction {
  readonly source: string;
  /** Name → value: plain data, or `{ [SHIPPED_FUNCTION]: ShippedFunction }` for a captured function. */
  readonly captured: Readonly<Record<string, unknown>>;
}

/** Marks a captured value that is itself a shipped function (plain data cannot hold functions). */
export const SHIPPED_FUNCTION = "__dstreamLabShippedFunction";

/**
 * `fn` as a ShippedFunction, or why it cannot ship (then it runs on the main thread). Called once
 * per job and function: the analysis of the source is cached, the captured values are read anew.
 *
 * @example
 * shipFunction((l: string) => l.split(" ")); // { shipped: { source: '(l) => l.split(" ")', captured: {} } }
 */
export function shipFunction(fn: Function): { shipped: ShippedFunction } | { reason: string } {
  const verdict = shippableSource(fn);
  if ("reason" in verdict) return verdict;
  return { shipped: { source: verdict.source, captured: {} } };
}

/**
 * The function a ShippedFunction stands for, made in this thread (a worker's). `cache` keeps
 * compiled factories by source and captured names across jobs, so V8 keeps its optimised code.
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
    return v !== null && typeof v === "object" && SHIPPED_FUNCTION in v
      ? reviveFunction((v as Record<string, ShippedFunction>)[SHIPPED_FUNCTION]!, cache)
      : v;
  });
  return factory(...values);
}
