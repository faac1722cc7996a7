import type { VegaLiteSpec } from "./VegaLiteSpec";

/**
 * Merges a partial vega-lite spec into a full one: objects merge key by key, recursively;
 * anything else in `partial` (arrays, strings, numbers) replaces what was there; `null` removes
 * the key. So `{ encoding: { y: { scale: { type: "log" } } } }` changes only the y scale.
 *
 * @example
 * mergeSpec({ mark: "line", width: 500 }, { width: 300, mark: { type: "line", point: true } })
 * // { mark: { type: "line", point: true }, width: 300 }
 */
export function mergeSpec(base: VegaLiteSpec, partial: VegaLiteSpec): VegaLiteSpec {
  const out: VegaLiteSpec = { ...base };
  for (const [key, value] of Object.entries(partial)) {
    if (value === null) delete out[key];
    else if (isPlainObject(value) && isPlainObject(out[key])) {
      out[key] = mergeSpec(out[key] as VegaLiteSpec, value as VegaLiteSpec);
    } else out[key] = value;
  }
  return out;
}

function isPlainObject(v: unknown): boolean {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
