import { inspect } from "node:util";
import { RDD } from "../../engine";
import type { MimeBundle } from "../output";
import { escapeHtml } from "./escapeHtml";
import { htmlTable } from "./htmlTable";
import { isDataFrame, isSeries } from "./isDataFrame";
import { mimeBundleSymbol } from "./mimeBundleSymbol";
import { type Table, tableOf } from "./tableOf";
import { textTable } from "./textTable";

/** How much of a dataset toMimeBundle shows. */
export interface MimeBundleOptions {
  /** Rows shown for RDDs, DataFrames and arrays of objects. Default 20. */
  maxRows?: number;
}

/**
 * The mime bundle Jupyter shows for a value (a cell's execute_result, or `display(value)`).
 * `text/plain` is always there. Besides it:
 * - an object with a `[mimeBundleSymbol]()` method (a LiveChart, a monitor) → its own bundle;
 * - an RDD → an HTML table of its first rows. Like Spark's `take`, only as many partitions are
 *   computed as those rows need; the total is shown only when it is known without running a job
 *   (every partition already in memory), so showing an RDD never starts a big computation;
 * - a danfojs DataFrame or Series → an HTML table of its head, with its shape;
 * - an array of objects → an HTML table;
 * - anything else → `util.inspect` text.
 *
 * @example
 * toMimeBundle(sc.parallelize([{ word: "a", n: 2 }]))["text/html"] // "<table class=\"dataframe\" …"
 */
export function toMimeBundle(value: unknown, options: MimeBundleOptions = {}): MimeBundle {
  const maxRows = options.maxRows ?? 20;
  if (hasOwnBundle(value)) {
    const own = value[mimeBundleSymbol]();
    // Empty means "nothing to show" (a DisplayHandle: its output is on screen already).
    return Object.keys(own).length === 0 ? own : { "text/plain": inspect(value), ...own };
  }
  if (value instanceof RDD) return rddBundle(value, maxRows);
  if (isDataFrame(value) || isSeries(value)) return dataFrameBundle(value, maxRows);
  if (Array.isArray(value) && value.length > 0 && value.every(isPlainObject)) {
    return arrayBundle(value, maxRows);
  }
  return { "text/plain": typeof value === "string" ? value : inspect(value) };
}

function hasOwnBundle(value: unknown): value is { [mimeBundleSymbol](): MimeBundle } {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Record<symbol, unknown>)[mimeBundleSymbol] === "function"
  );
}

function isPlainObject(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function rddBundle(rdd: RDD<unknown>, maxRows: number): MimeBundle {
  const title = `${rdd.constructor.name}[${rdd.id}] (${rdd.scope})`;
  const total = cheapCount(rdd);
  // One row more than shown tells "there are more" without counting them all.
  const rows = rdd.take(maxRows + 1);
  const more = rows.length > maxRows;
  const shown = rows.slice(0, maxRows);
  const caption =
    total !== undefined
      ? more
        ? `showing ${shown.length} of ${total.toLocaleString("en-US")} rows`
        : rowCount(total)
      : more
        ? `first ${shown.length} rows (more not counted: call .count() for the total)`
        : rowCount(shown.length);
  return tableBundle(title, tableOf(shown), caption);
}

/** The RDD's size when every partition is already in memory (parallelize, cache, checkpoint). */
function cheapCount(rdd: RDD<unknown>): number | undefined {
  let n = 0;
  for (let split = 0; split < rdd.numPartitions; split++) {
    const data = rdd.inMemoryPartition(split);
    if (!data) return undefined;
    n += data.length;
  }
  return n;
}

function dataFrameBundle(
  df: { columns: string[]; index: unknown[]; values: unknown[]; shape: number[] },
  maxRows: number,
): MimeBundle {
  const [numRows = 0, numColumns = 1] = df.shape;
  const isSeriesValue = isSeries(df);
  const rows = (df.values as unknown[])
    .slice(0, maxRows)
    .map((row, i) => [df.index[i], ...(isSeriesValue ? [row] : (row as unknown[]))]);
  const table: Table = { columns: ["", ...df.columns], rows };
  const shape = isSeriesValue ? `${rowCount(numRows)}` : `${rowCount(numRows)} × ${numColumns} columns`;
  const caption = numRows > maxRows ? `showing ${maxRows} of ${shape}` : shape;
  return tableBundle(isSeriesValue ? "Series" : "DataFrame", numRows === 0 ? undefined : table, caption);
}

function arrayBundle(records: unknown[], maxRows: number): MimeBundle {
  const table = tableOf(records.slice(0, maxRows))!;
  const caption = records.length > maxRows ? `showing ${maxRows} of ${rowCount(records.length)}` : undefined;
  return { "text/plain": inspect(records), "text/html": htmlTable(table, caption) };
}

function tableBundle(title: string, table: Table | undefined, caption: string): MimeBundle {
  if (!table)
    return {
      "text/plain": `${title}: ${caption}`,
      "text/html": `<p>${escapeHtml(`${title}: ${caption}`)}</p>`,
    };
  return {
    "text/plain": `${title}\n${textTable(table, caption)}`,
    "text/html": htmlTable(table, caption),
  };
}

function rowCount(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "row" : "rows"}`;
}
