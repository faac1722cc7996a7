import type { LabeledPoint } from "../LabeledPoint";
import type { GeneralizedLinearModel } from "../regression/GeneralizedLinearModel";
import { type BatchMetric, total } from "./BatchMetric";

/** The per-batch record of a regression evaluation stream (predictions vs labels). */
export interface RegressionBatchMetrics {
  /** Batch time in ms. */
  timeMs: number;
  /** Points scored in this batch. */
  count: number;
  /** Mean squared error of this batch. */
  mse: number;
  /** Mean absolute error of this batch. */
  mae: number;
  /** MSE over the points of the last `rollingBatches` non-empty batches. */
  rollingMse: number;
  /** MAE over the points of the last `rollingBatches` non-empty batches. */
  rollingMae: number;
}

interface RegressionStats {
  count: number;
  /** Sum of squared errors. */
  se: number;
  /** Sum of absolute errors. */
  ae: number;
}

/** Squared and absolute errors of a linear model's predictions. */
export const regressionMetrics: BatchMetric<
  LabeledPoint,
  GeneralizedLinearModel,
  RegressionStats,
  RegressionBatchMetrics
> = {
  stats(points, model) {
    let se = 0;
    let ae = 0;
    for (const p of points) {
      const e = model.predictPoint(model.margin(p.features)) - p.label;
      se += e * e;
      ae += Math.abs(e);
    }
    return { count: points.length, se, ae };
  },
  report(timeMs, b, recent) {
    const n = total(recent, (r) => r.count);
    return {
      timeMs,
      count: b.count,
      mse: b.se / b.count,
      mae: b.ae / b.count,
      rollingMse: total(recent, (r) => r.se) / n,
      rollingMae: total(recent, (r) => r.ae) / n,
    };
  },
};
