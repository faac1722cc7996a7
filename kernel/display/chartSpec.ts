import type { ChartRow, ChartShape } from "./chartRows";
import { mergeSpec } from "./mergeSpec";
import { timeAxis } from "./timeAxis";
import { VEGALITE_SCHEMA, type VegaLiteSpec } from "./VegaLiteSpec";

/** How a chart looks: the visual part of plot()'s options. */
export interface ChartOptions {
  /** The chart's title. */
  title?: string;
  /**
   * The mark. Default "line" (with points) over batch time; for a DStream<[key, number]>, "bar"
   * draws the latest batch as one bar per key instead of a series per key.
   */
  mark?: "line" | "bar" | "point" | "area" | "tick" | "circle" | "square" | "trail";
  /** For DStream<object>: the field on the x axis. Default: the batch time. */
  x?: string;
  /** For DStream<object>: the field on the y axis. Default: the first numeric field. */
  y?: string;
  /** For DStream<object>: the field that colours (and splits) the series. */
  color?: string;
  /** Plot size in pixels. Defaults 500 × 250. */
  width?: number;
  height?: number;
  /** A partial vega-lite spec merged over the generated one (see mergeSpec), e.g. a log scale. */
  spec?: VegaLiteSpec;
}

/** The field batch times are stored in (milliseconds; a temporal axis). */
export const TIME_FIELD = "time";

/**
 * The vega-lite spec for a live chart, with `rows` inlined as its data. Every batch's rows carry
 * the batch time, so over-time charts need no state beyond the rows kept.
 *
 * @example
 * chartSpec("keyed", [{ time: 1000, key: "a", value: 2 }], { title: "word counts" })
 * // { mark: { type: "line", point: true }, encoding: { x: time, y: value, color: key }, … }
 */
export function chartSpec(
  shape: ChartShape,
  rows: readonly ChartRow[],
  options: ChartOptions = {},
): VegaLiteSpec {
  const mark = options.mark ?? "line";
  const base: VegaLiteSpec = {
    $schema: VEGALITE_SCHEMA,
    ...(options.title ? { title: options.title } : {}),
    width: options.width ?? 500,
    height: options.height ?? 250,
    data: { values: rows },
    // Points mark each batch while they are few; past that they only thicken the line (and the SVG).
    mark:
      mark === "line"
        ? { type: "line", point: rows.length <= 100, tooltip: true }
        : { type: mark, tooltip: true },
    encoding: encoding(shape, rows, options),
  };
  if (shape === "keyed" && mark === "bar") {
    // Bars of the latest batch: one per key, tallest first.
    const latest = rows.reduce((t, r) => Math.max(t, r.time), Number.NEGATIVE_INFINITY);
    base.data = { values: rows.filter((r) => r.time === latest) };
  }
  return options.spec ? mergeSpec(base, options.spec) : base;
}

function encoding(shape: ChartShape, rows: readonly ChartRow[], options: ChartOptions): VegaLiteSpec {
  const time = timeAxis(
    rows.map((r) => r.time),
    TIME_FIELD,
  );
  if (shape === "number") {
    return { x: time, y: { field: "value", type: "quantitative", title: "value" } };
  }
  if (shape === "keyed") {
    if (options.mark === "bar") {
      return {
        x: { field: "key", type: "nominal", sort: "-y", title: "key" },
        y: { field: "value", type: "quantitative", title: "value" },
      };
    }
    return {
      x: time,
      y: { field: "value", type: "quantitative", title: "value" },
      color: { field: "key", type: "nominal", title: "key" },
    };
  }
  const x = options.x ?? TIME_FIELD;
  const y = options.y ?? firstNumericField(rows, [x, options.color]);
  return {
    x: x === TIME_FIELD ? time : { field: x, type: fieldType(rows, x) },
    ...(y ? { y: { field: y, type: fieldType(rows, y) } } : {}),
    ...(options.color ? { color: { field: options.color, type: "nominal" } } : {}),
  };
}

function firstNumericField(rows: readonly ChartRow[], except: (string | undefined)[]): string | undefined {
  const first = rows[0];
  if (!first) return undefined;
  return Object.keys(first).find(
    (k) => k !== TIME_FIELD && !except.includes(k) && typeof first[k] === "number",
  );
}

/** Numbers are quantitative, Dates temporal, anything else nominal; unknown (no data yet) → quantitative. */
function fieldType(rows: readonly ChartRow[], field: string): string {
  const v = rows.find((r) => r[field] !== undefined && r[field] !== null)?.[field];
  if (v === undefined || typeof v === "number") return "quantitative";
  if (v instanceof Date) return "temporal";
  return "nominal";
}
