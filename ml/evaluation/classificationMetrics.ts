import type { LogisticRegressionModel } from "../classification/LogisticRegressionModel";
import type { LabeledPoint } from "../LabeledPoint";
import { type BatchMetric, total } from "./BatchMetric";

/** The per-batch record of a classification evaluation stream. */
export interface ClassificationBatchMetrics {
  timeMs: number;
  count: number;
  /** Fraction of this batch's points predicted right. */
  accuracy: number;
  /** Accuracy over the points of the last `rollingBatches` non-empty batches. */
  rollingAccuracy: number;
}

interface ClassificationStats {
  count: number;
  correct: number;
}

/** Accuracy of a logistic model's 0/1 predictions at its threshold. */
export const classificationMetrics: BatchMetric<
  LabeledPoint,
  LogisticRegressionModel,
  ClassificationStats,
  ClassificationBatchMetrics
> = {
  stats(points, model) {
    // Accuracy needs labels even when the model was told to return probabilities.
    const threshold = model.threshold ?? 0.5;
    let correct = 0;
    for (const p of points) {
      const probability = 1 / (1 + Math.exp(-model.margin(p.features)));
      if ((probability > threshold ? 1 : 0) === p.label) correct++;
    }
    return { count: points.length, correct };
  },
  report(timeMs, b, recent) {
    const rollingAccuracy = total(recent, (r) => r.correct) / total(recent, (r) => r.count);
    return { timeMs, count: b.count, accuracy: b.correct / b.count, rollingAccuracy };
  },
};
