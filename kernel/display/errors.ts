import { DStreamLabError } from "../../engine";

/**
 * Errors of the display layer. Like the engine's, each message states the rule that was broken
 * and the fix, so a notebook user can act on it without reading the source.
 */

/** display(), plot() or monitor() called where there is no notebook cell to show output in. */
export class NoCellOutputError extends DStreamLabError {
  constructor(readonly operation: string) {
    super(
      `${operation} needs a notebook cell to show its output in, and none is running here ` +
        "(it was called outside a cell's code, e.g. from a script or a timer started at kernel start-up). " +
        `Fix: call ${operation} from a cell, or pass { output } explicitly.`,
    );
  }
}

/** Chart options or a vega-lite spec that cannot make a chart; raised at plot() time. */
export class InvalidChartError extends DStreamLabError {}

/** A chart that failed while rendering a batch; reported once in the chart's cell, the stream goes on. */
export class ChartRenderError extends DStreamLabError {
  constructor(
    readonly chart: string,
    override readonly cause: unknown,
  ) {
    super(
      `${chart} could not be rendered: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        "The stream keeps running and the chart keeps its last good picture; this error is shown once. " +
        "Fix: check that the stream's records match the chart's options (x, y, color, mark, spec).",
    );
  }
}

/** Data that is not a table: toDataFrame on an RDD of primitives, fromDataFrame of a non-DataFrame. */
export class NotTabularError extends DStreamLabError {}
