import { type ClassificationBatchMetrics, classificationMetrics } from "../evaluation/classificationMetrics";
import { StreamingLinearAlgorithm } from "../regression/StreamingLinearAlgorithm";
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
  LogisticRegressionWithSGD,
  ClassificationBatchMetrics
> {
  /** Argument order as MLlib's: (stepSize, numIterations, miniBatchFraction, regParam). */
  constructor(stepSize = 0.1, numIterations = 50, miniBatchFraction = 1, regParam = 0) {
    super(
      new LogisticRegressionWithSGD(stepSize, numIterations, regParam, miniBatchFraction),
      classificationMetrics,
    );
  }
}
