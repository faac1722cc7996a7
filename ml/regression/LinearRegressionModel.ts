import {
  checkSavedModel,
  finiteNumber,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  numberArray,
  readModelFile,
  type SavedModel,
  writeModelFile,
} from "../io/modelJson";
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
  constructor(weights: VectorLike, intercept = 0) {
    super(weights, intercept);
  }

  predictPoint(margin: number): number {
    return margin;
  }

  toJSON(): SavedModel {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      type: "LinearRegressionModel",
      weights: Array.from(this.weights),
      intercept: this.intercept,
    };
  }

  /** Writes the model as JSON (with a format version) to `file`. */
  save(file: string): void {
    writeModelFile(file, this.toJSON());
  }

  static fromJSON(json: unknown): LinearRegressionModel {
    const j = checkSavedModel(json, "LinearRegressionModel");
    return new LinearRegressionModel(numberArray(j, "weights"), finiteNumber(j, "intercept"));
  }

  /** Reads a model save() wrote; ModelFormatError names what is wrong with any other file. */
  static load(file: string): LinearRegressionModel {
    return LinearRegressionModel.fromJSON(readModelFile(file, "LinearRegressionModel"));
  }
}
