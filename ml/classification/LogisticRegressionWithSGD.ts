import { LogisticGradient } from "../optimization/Gradient";
import { SquaredL2Updater } from "../optimization/Updater";
import { GeneralizedLinearAlgorithm } from "../regression/GeneralizedLinearAlgorithm";
import { LogisticRegressionModel } from "./LogisticRegressionModel";

/**
 * MLlib's LogisticRegressionWithSGD: binary logistic loss, L2 regularisation
 * (SquaredL2Updater), no intercept; labels must be 0 or 1. Defaults as MLlib's: stepSize 1.0,
 * numIterations 100, regParam 0.01, miniBatchFraction 1.0; its static train uses regParam 0.
 *
 * @example
 * await ready();
 * const model = await LogisticRegressionWithSGD.train(sc.parallelize(points), 100, 1.0);
 * model.predict([0.3, -1]); // 0 or 1
 */
export class LogisticRegressionWithSGD extends GeneralizedLinearAlgorithm<LogisticRegressionModel> {
  constructor(stepSize = 1, numIterations = 100, regParam = 0.01, miniBatchFraction = 1) {
    super(
      {
        gradient: LogisticGradient,
        updater: SquaredL2Updater,
        binaryLabels: true,
        model: LogisticRegressionModel,
      },
      { stepSize, numIterations, regParam, miniBatchFraction },
    );
  }
}
