import { readModelFile } from "../io/modelJson";
import type { VectorLike } from "../linalg/vectors";
import { GeneralizedLinearModel } from "./GeneralizedLinearModel";

/**
 * A linear regression model: predict(x) = w·x + intercept.
 *
 * @example
 * const model = new LinearRegressionModel([2, 0.5], 0);
 * model.predict([1, 2]);            // 3
 * model.save("models/lr.json");     // later, maybe in another notebook:
 * LinearRegressionModel.load("models/lr.json").predict([1, 2]); // 3
 */
export class LinearRegressionModel extends GeneralizedLinearModel {
  protected readonly modelType = "LinearRegressionModel";

  constructor(weights: VectorLike, intercept = 0) {
    super(weights, intercept);
  }

  predictPoint(margin: number): number {
    return margin;
  }

  /** The model from its saved JSON; ModelFormatError names what is wrong with anything else. */
  static fromJSON(json: unknown): LinearRegressionModel {
    const { weights, intercept } = GeneralizedLinearModel.savedWeights(json, "LinearRegressionModel");
    return new LinearRegressionModel(weights, intercept);
  }

  /** Reads a model save() wrote; ModelFormatError names what is wrong with any other file. */
  static load(file: string): LinearRegressionModel {
    return LinearRegressionModel.fromJSON(readModelFile(file, "LinearRegressionModel"));
  }
}
