/** Rows laid out as columns: what htmlTable and textTable draw. */
export interface Table {
  columns: string[];
  /** One array of cell values per row, in column order. */
  rows: unknown[][];
}

/**
 * Lays records out as a table: objects by field name (columns in order of first appearance),
 * arrays and tuples by position (`_1`, `_2`, … as Spark names tuple fields), anything else as a
 * single `value` column. Undefined when there is nothing to tabulate (no records).
 *
 * @example
 * tableOf([{ a: 1 }, { a: 2, b: "x" }]) // { columns: ["a", "b"], rows: [[1, undefined], [2, "x"]] }
 * tableOf([["a", 1]])                  // { columns: ["_1", "_2"], rows: [["a", 1]] }
 */
export function tableOf(records: readonly unknown[]): Table | undefined {
  if (records.length === 0) return undefined;
  if (records.every(isRecordObject)) {
    const columns = [...new Set(records.flatMap((r) => Object.keys(r as object)))];
    return { columns, rows: records.map((r) => columns.map((c) => (r as Record<string, unknown>)[c])) };
  }
  if (records.every(Array.isArray)) {
    const width = Math.max(...records.map((r) => (r as unknown[]).length));
    const columns = Array.from({ length: width }, (_, i) => `_${i + 1}`);
    return { columns, rows: records.map((r) => columns.map((_, i) => (r as unknown[])[i])) };
  }
  return { columns: ["value"], rows: records.map((r) => [r]) };
}

/** A plain record (an object literal or class instance), not an array, Date, Map or the like. */
function isRecordObject(v: unknown): boolean {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  return !(v instanceof Date || v instanceof Map || v instanceof Set || ArrayBuffer.isView(v));
}
