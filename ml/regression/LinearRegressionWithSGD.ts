import type { RDD } from "../../engine";
import type { LabeledPoint } from "../LabeledPoint";
import type { VectorLike } from "../linalg/vectors";
import { LeastSquaresGradient } from "../optimization/Gradient";
import { SimpleUpdater } from "../optimization/Updater";
import { GeneralizedLinearAlgorithm } from "./GeneralizedLinearAlgorithm";
import { LinearRegressionModel } from "./LinearRegressionModel";

/**
 * MLlib's LinearRegressionWithSGD: least squares, no regularisation (SimpleUpdater: as in
 * MLlib, a regParam set on it has no effect), no intercept.
 *
 * @example
 * await ready();
 * const model = await LinearRegressionWithSGD.train(sc.parallelize(points), 100, 0.1);
 * model.predict([1, 2]);
 */
export class LinearRegressionWithSGD extends GeneralizedLinearAlgorithm<LinearRegressionModel> {
  protected readonly binaryLabels = false;

  /** MLlib's defaults: stepSize 1.0, numIterations 100, regParam 0.0, miniBatchFraction 1.0. */
  constructor(stepSize = 1, numIterations = 100, regParam = 0, miniBatchFraction = 1) {
    super(LeastSquaresGradient, SimpleUpdater);
    this.optimizer
      .setStepSize(stepSize)
      .setNumIterations(numIterations)
      .setRegParam(regParam)
      .setMiniBatchFraction(miniBatchFraction);
  }

  createModel(weights: Float64Array, intercept: number): LinearRegressionModel {
    return new LinearRegressionModel(weights, intercept);
  }

  /** MLlib's LinearRegressionWithSGD.train(input, numIterations, stepSize, miniBatchFraction, initialWeights). */
  static train(
    input: RDD<LabeledPoint> | readonly LabeledPoint[],
    numIterations = 100,
    stepSize = 1,
    miniBatchFraction = 1,
    initialWeights?: VectorLike,
  ): Promise<LinearRegressionModel> {
    return new LinearRegressionWithSGD(stepSize, numIterations, 0, miniBatchFraction).run(
      input,
      initialWeights,
    );
  }
}
