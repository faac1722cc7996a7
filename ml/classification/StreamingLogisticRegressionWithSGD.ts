import type { DStream } from "../../engine";
import type { ClassificationBatchMetrics } from "../evaluation/metrics";
import type { LabeledPoint } from "../LabeledPoint";
import { classificationReport, StreamingLinearAlgorithm } from "../regression/StreamingLinearAlgorithm";
import type { LogisticRegressionModel } from "./LogisticRegressionModel";
import { LogisticRegressionWithSGD } from "./LogisticRegressionWithSGD";

/**
 * MLlib's StreamingLogisticRegressionWithSGD: binary logistic regression (labels 0 or 1)
 * updated on every batch. Defaults as MLlib's: stepSize 0.1, numIterations 50,
 * miniBatchFraction 1.0, regParam 0.0 (L2 when set), convergenceTol 0.001.
 *
 * @example
 * await ready();
 * const model = new StreamingLogisticRegressionWithSGD().setInitialWeights([0, 0]);
 * model.trainOn(train);
 * model.evaluateOn(test).print(); // accuracy per batch
 */
export class StreamingLogisticRegressionWithSGD extends StreamingLinearAlgorithm<
  LogisticRegressionModel,
  LogisticRegressionWithSGD
> {
  protected readonly kind = "StreamingLogisticRegressionWithSGD";

  /** Argument order as MLlib's: (stepSize, numIterations, miniBatchFraction, regParam). */
  constructor(stepSize = 0.1, numIterations = 50, miniBatchFraction = 1, regParam = 0) {
    super(new LogisticRegressionWithSGD(stepSize, numIterations, regParam, miniBatchFraction));
  }

  /** Accuracy of the latest model (0/1 predictions at its threshold) on every batch of `data`. */
  evaluateOn(data: DStream<LabeledPoint | string>, rollingBatches = 10): DStream<ClassificationBatchMetrics> {
    return this.evaluateWith(
      data,
      "evaluateOn",
      (points, model) => {
        // Accuracy needs labels even when the model was told to return probabilities.
        const threshold = model.threshold ?? 0.5;
        let correct = 0;
        for (const p of points) {
          const prob = 1 / (1 + Math.exp(-model.margin(p.features)));
          if ((prob > threshold ? 1 : 0) === p.label) correct++;
        }
        return { count: points.length, correct };
      },
      classificationReport,
      rollingBatches,
    );
  }
}
