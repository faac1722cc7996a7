import type { BatchMetrics } from "./batchMetrics";
import { timeAxis } from "./timeAxis";
import { VEGALITE_SCHEMA, type VegaLiteSpec } from "./VegaLiteSpec";

/** The four timelines of the Streaming tab, in its order, with their units. */
export const MONITOR_METRICS = [
  { key: "inputRate", label: "input rate (records/s)" },
  { key: "schedulingDelay", label: "scheduling delay (ms)" },
  { key: "processingTime", label: "processing time (ms)" },
  { key: "totalDelay", label: "total delay (ms)" },
] as const;

/**
 * The vega-lite spec of the monitor's chart: one row per metric (Spark's Streaming tab timelines),
 * each with its own y scale, over batch time; the data is inlined in long form
 * (`{ time, metric, value }`).
 *
 * @example monitorSpec(batches, { width: 500 })
 */
export function monitorSpec(
  batches: readonly BatchMetrics[],
  options: { width?: number } = {},
): VegaLiteSpec {
  const values = batches.flatMap((b) =>
    MONITOR_METRICS.map((m) => ({ time: b.time, metric: m.label, value: b[m.key] })),
  );
  return {
    $schema: VEGALITE_SCHEMA,
    data: { values },
    facet: {
      row: {
        field: "metric",
        type: "nominal",
        sort: MONITOR_METRICS.map((m) => m.label),
        header: { title: null, labelAngle: 0, labelAlign: "left", labelOrient: "top" },
      },
    },
    spec: {
      width: options.width ?? 500,
      height: 70,
      mark: { type: "line", point: true, tooltip: true },
      encoding: {
        x: timeAxis(batches.map((b) => b.time)),
        y: { field: "value", type: "quantitative", title: null },
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}
