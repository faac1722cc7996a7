import { IllegalArgumentError, ModelFormatError } from "../errors";
import { readModelFile, type SavedModel } from "../io/modelJson";
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
  protected readonly modelType = "LogisticRegressionModel";
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

  /** The saved JSON has the threshold too (null after clearThreshold()). */
  override toJSON(): SavedModel {
    return { ...super.toJSON(), threshold: this.thresholdValue ?? null };
  }

  /** The model from its saved JSON, threshold included; ModelFormatError names what is wrong with anything else. */
  static fromJSON(json: unknown): LogisticRegressionModel {
    const { saved, weights, intercept } = GeneralizedLinearModel.savedWeights(
      json,
      "LogisticRegressionModel",
    );
    const model = new LogisticRegressionModel(weights, intercept);
    const threshold = saved.threshold;
    if (threshold === null) model.clearThreshold();
    else if (typeof threshold === "number" && threshold >= 0 && threshold <= 1) model.setThreshold(threshold);
    else
      throw new ModelFormatError(
        'The saved LogisticRegressionModel has no valid "threshold": a number in [0, 1] or null.',
      );
    return model;
  }

  /** Reads a model save() wrote. */
  static load(file: string): LogisticRegressionModel {
    return LogisticRegressionModel.fromJSON(readModelFile(file, "LogisticRegressionModel"));
  }
}
