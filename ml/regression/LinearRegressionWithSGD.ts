import { LeastSquaresGradient } from "../optimization/Gradient";
import { SimpleUpdater } from "../optimization/Updater";
import { GeneralizedLinearAlgorithm } from "./GeneralizedLinearAlgorithm";
import { LinearRegressionModel } from "./LinearRegressionModel";

/**
 * MLlib's LinearRegressionWithSGD: least squares, no regularisation (SimpleUpdater: as in
 * MLlib, a regParam set on it has no effect), no intercept. Defaults as MLlib's: stepSize 1.0,
 * numIterations 100, regParam 0.0, miniBatchFraction 1.0.
 *
 * @example
 * await ready();
 * const model = await LinearRegressionWithSGD.train(sc.parallelize(points), 100, 0.1);
 * model.predict([1, 2]);
 */
export class LinearRegressionWithSGD extends GeneralizedLinearAlgorithm<LinearRegressionModel> {
  constructor(stepSize = 1, numIterations = 100, regParam = 0, miniBatchFraction = 1) {
    super(
      {
        gradient: LeastSquaresGradient,
        updater: SimpleUpdater,
        binaryLabels: false,
        model: LinearRegressionModel,
      },
      { stepSize, numIterations, regParam, miniBatchFraction },
    );
  }
}
