import type { RDD } from "../../engine";
import type { LabeledPoint } from "../LabeledPoint";
import type { VectorLike } from "../linalg/vectors";
import { LogisticGradient } from "../optimization/Gradient";
import { SquaredL2Updater } from "../optimization/Updater";
import { GeneralizedLinearAlgorithm } from "../regression/GeneralizedLinearAlgorithm";
import { LogisticRegressionModel } from "./LogisticRegressionModel";

/**
 * MLlib's LogisticRegressionWithSGD: binary logistic loss, L2 regularisation
 * (SquaredL2Updater), no intercept; labels must be 0 or 1.
 *
 * @example
 * await ready();
 * const model = await LogisticRegressionWithSGD.train(sc.parallelize(points), 100, 1.0);
 * model.predict([0.3, -1]); // 0 or 1
 */
export class LogisticRegressionWithSGD extends GeneralizedLinearAlgorithm<LogisticRegressionModel> {
  protected readonly binaryLabels = true;

  /** MLlib's defaults: stepSize 1.0, numIterations 100, regParam 0.01, miniBatchFraction 1.0. */
  constructor(stepSize = 1, numIterations = 100, regParam = 0.01, miniBatchFraction = 1) {
    super(LogisticGradient, SquaredL2Updater);
    this.optimizer
      .setStepSize(stepSize)
      .setNumIterations(numIterations)
      .setRegParam(regParam)
      .setMiniBatchFraction(miniBatchFraction);
  }

  createModel(weights: Float64Array, intercept: number): LogisticRegressionModel {
    return new LogisticRegressionModel(weights, intercept);
  }

  /** MLlib's LogisticRegressionWithSGD.train(input, numIterations, stepSize, miniBatchFraction, initialWeights); regParam 0. */
  static train(
    input: RDD<LabeledPoint> | readonly LabeledPoint[],
    numIterations = 100,
    stepSize = 1,
    miniBatchFraction = 1,
    initialWeights?: VectorLike,
  ): Promise<LogisticRegressionModel> {
    return new LogisticRegressionWithSGD(stepSize, numIterations, 0, miniBatchFraction).run(
      input,
      initialWeights,
    );
  }
}
