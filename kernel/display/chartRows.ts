import { describeValue } from "../../engine/errors";
import { InvalidChartError } from "./errors";

/**
 * What a stream's records look like to a chart:
 * - `number`: DStream<number>, e.g. `count()` — one series over batch time;
 * - `keyed`: DStream<[key, number]>, e.g. `reduceByKey` — a series (or a bar) per key;
 * - `object`: DStream<object> — fields chosen by name with the x, y and color options.
 */
export type ChartShape = "number" | "keyed" | "object";

/** One plotted point: the batch time (ms) plus the record's fields. */
export type ChartRow = { time: number } & Record<string, unknown>;

/**
 * A batch's records as chart rows, each stamped with the batch time: `{ time, value }` for
 * numbers, `{ time, key, value }` for pairs (keys as strings, so any key type gets a colour), and
 * `{ time, ...record }` for objects. The shape is the one the chart has seen so far, or found from
 * the first record. A record of another shape is an InvalidChartError naming it and the fix.
 *
 * @example
 * chartRows([["a", 2], ["b", 1]], 1000) // { shape: "keyed", rows: [{ time: 1000, key: "a", value: 2 }, …] }
 */
export function chartRows(
  records: readonly unknown[],
  timeMs: number,
  shape?: ChartShape,
): { shape: ChartShape | undefined; rows: ChartRow[] } {
  const found = shape ?? (records.length > 0 ? shapeOf(records[0]) : undefined);
  const rows = records.map((r) => {
    if (found === undefined || shapeOf(r) !== found) throw mismatch(r, found);
    if (found === "number") return { time: timeMs, value: r as number };
    if (found === "keyed") {
      const [key, value] = r as [unknown, number];
      return { time: timeMs, key: typeof key === "string" ? key : JSON.stringify(key), value };
    }
    return { ...(r as object), time: timeMs };
  });
  return { shape: found, rows };
}

function shapeOf(r: unknown): ChartShape | undefined {
  if (typeof r === "number") return "number";
  if (Array.isArray(r)) return r.length === 2 && typeof r[1] === "number" ? "keyed" : undefined;
  if (r !== null && typeof r === "object") return "object";
  return undefined;
}

function mismatch(record: unknown, shape: ChartShape | undefined): InvalidChartError {
  const expected =
    shape === undefined
      ? "plot() charts a DStream<number> (e.g. count()), a DStream<[key, number]> (e.g. reduceByKey) or a DStream<object> (with the x and y options)"
      : `this chart's records are ${SHAPE_NAMES[shape]}, as in its first batch, and every record must be`;
  return new InvalidChartError(
    `${expected}; got the record ${describeValue(record)}. ` +
      "Fix: map the stream into one of these shapes before plotting, e.g. " +
      "words.map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b).",
  );
}

const SHAPE_NAMES: Record<ChartShape, string> = {
  number: "numbers",
  keyed: "[key, number] pairs",
  object: "objects",
};
