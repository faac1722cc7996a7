import { type RegressionBatchMetrics, regressionMetrics } from "../evaluation/regressionMetrics";
import type { LinearRegressionModel } from "./LinearRegressionModel";
import { LinearRegressionWithSGD } from "./LinearRegressionWithSGD";
import { StreamingLinearAlgorithm } from "./StreamingLinearAlgorithm";

/**
 * MLlib's StreamingLinearRegressionWithSGD: least-squares regression updated on every batch.
 * Defaults as MLlib's: stepSize 0.1, numIterations 50, regParam 0.0 (no effect: MLlib's linear
 * regression has no regulariser), miniBatchFraction 1.0, convergenceTol 0.001.
 *
 * @example
 * await ready();
 * const model = new StreamingLinearRegressionWithSGD().setInitialWeights([0, 0]).setStepSize(0.2);
 * model.trainOn(train);                                   // DStream<LabeledPoint | string>
 * model.predictOnValues(test.map((p) => [p.label, p.features])).print();
 * plot(model.evaluateOn(test), { y: "mse", title: "test MSE per batch" }); // mse/mae per batch
 * model.latestModel().weights;                            // Float64Array [..]
 */
export class StreamingLinearRegressionWithSGD extends StreamingLinearAlgorithm<
  LinearRegressionModel,
  LinearRegressionWithSGD,
  RegressionBatchMetrics
> {
  /** Argument order as MLlib's: (stepSize, numIterations, regParam, miniBatchFraction). */
  constructor(stepSize = 0.1, numIterations = 50, regParam = 0, miniBatchFraction = 1) {
    super(
      new LinearRegressionWithSGD(stepSize, numIterations, regParam, miniBatchFraction),
      regressionMetrics,
    );
  }
}
