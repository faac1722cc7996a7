import { IllegalArgumentError, ModelFormatError } from "../errors";
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
import { GeneralizedLinearModel } from "../regression/GeneralizedLinearModel";

/**
 * A binary logistic regression model. predict(x) is 1 when 1/(1 + e^−(w·x + b)) > threshold
 * (0.5 by default) and 0 otherwise; after clearThreshold() it is the probability itself.
 *
 * @example
 * const model = new LogisticRegressionModel([3], 0);
 * model.predict([1]);                  // 1
 * model.clearThreshold().predict([1]); // 0.9525...
 */
export class LogisticRegressionModel extends GeneralizedLinearModel {
  private thresholdValue: number | undefined = 0.5;

  constructor(weights: VectorLike, intercept = 0) {
    super(weights, intercept);
  }

  /** The decision threshold, or undefined when predict returns probabilities. */
  get threshold(): number | undefined {
    return this.thresholdValue;
  }

  setThreshold(threshold: number): this {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentError(`setThreshold: the threshold must be in [0, 1], got ${threshold}.`);
    }
    this.thresholdValue = threshold;
    return this;
  }

  /** Makes predict return the probability of class 1 instead of a 0/1 label. */
  clearThreshold(): this {
    this.thresholdValue = undefined;
    return this;
  }

  predictPoint(margin: number): number {
    const score = 1 / (1 + Math.exp(-margin));
    if (this.thresholdValue === undefined) return score;
    return score > this.thresholdValue ? 1 : 0;
  }

  toJSON(): SavedModel {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      type: "LogisticRegressionModel",
      weights: Array.from(this.weights),
      intercept: this.intercept,
      threshold: this.thresholdValue ?? null,
    };
  }

  save(file: string): void {
    writeModelFile(file, this.toJSON());
  }

  static fromJSON(json: unknown): LogisticRegressionModel {
    const j = checkSavedModel(json, "LogisticRegressionModel");
    const model = new LogisticRegressionModel(numberArray(j, "weights"), finiteNumber(j, "intercept"));
    if (j.threshold === null) model.clearThreshold();
    else if (typeof j.threshold === "number" && j.threshold >= 0 && j.threshold <= 1)
      model.setThreshold(j.threshold);
    else
      throw new ModelFormatError(
        'The saved LogisticRegressionModel has no valid "threshold": a number in [0, 1] or null.',
      );
    return model;
  }

  static load(file: string): LogisticRegressionModel {
    return LogisticRegressionModel.fromJSON(readModelFile(file, "LogisticRegressionModel"));
  }
}
