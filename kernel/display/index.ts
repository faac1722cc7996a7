// The display layer: what a notebook shows. The session re-exports this file into every notebook,
// so each name here is user API.

import { installDataFrameMethods } from "./dataFrame";

// rdd.toDataFrame() and sc.fromDataFrame(df) exist wherever the display layer is loaded.
installDataFrameMethods();

export { type BatchMetrics, batchMetrics } from "./batchMetrics";
export { type ChartRow, type ChartShape, chartRows } from "./chartRows";
export { type ChartOptions, chartSpec } from "./chartSpec";
export { type CompiledChart, compileChart } from "./compileChart";
export { type BundleOptions, DisplayHandle } from "./DisplayHandle";
export { installDataFrameMethods, type ToDataFrameOptions } from "./dataFrame";
export { type DisplayOptions, display } from "./display";
export { ChartRenderError, InvalidChartError, NoCellOutputError, NotTabularError } from "./errors";
export { isDataFrame, isSeries } from "./isDataFrame";
export { isMimeBundle } from "./isMimeBundle";
export { LiveChart, type LiveChartOptions } from "./LiveChart";
export { mergeSpec } from "./mergeSpec";
export { type HasMimeBundle, mimeBundleSymbol } from "./mimeBundleSymbol";
export { monitor } from "./monitor";
export { MONITOR_METRICS, monitorSpec } from "./monitorSpec";
export { type PlotOptions, plot } from "./plot";
export { renderSvg } from "./renderSvg";
export { renderSvgInWorker } from "./renderSvgInWorker";
export { type MonitorOptions, StreamingMonitor } from "./StreamingMonitor";
export { ThrottledTask, type ThrottleTimer } from "./ThrottledTask";
export { timeAxis } from "./timeAxis";
export { type MimeBundleOptions, toMimeBundle } from "./toMimeBundle";
export { VEGALITE_MIME, type VegaLiteSpec } from "./VegaLiteSpec";
