import type { DataFrame, Series } from "danfojs";

/**
 * True for a danfojs DataFrame. Checked by shape, not `instanceof`, so showing a value never loads
 * danfojs (a second of start-up) and DataFrames from another copy of the package still count.
 *
 * @example isDataFrame(new dfd.DataFrame([{ a: 1 }])) // true
 */
export function isDataFrame(value: unknown): value is DataFrame {
  return isNDFrame(value) && (value as { $isSeries: boolean }).$isSeries === false;
}

/** True for a danfojs Series (one column). */
export function isSeries(value: unknown): value is Series {
  return isNDFrame(value) && (value as { $isSeries: boolean }).$isSeries === true;
}

function isNDFrame(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.$isSeries === "boolean" && Array.isArray(v.columns) && Array.isArray(v.index);
}
