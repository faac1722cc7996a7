import { InvalidRecordError } from "../errors";
import { checkVector } from "../InvalidRecords";
import { dot, type VectorLike } from "../linalg/vectors";

/**
 * MLlib's GeneralizedLinearModel: weights and an intercept; predict(x) maps the margin
 * w·x + intercept through the model's link. Weights are float64 and never alias the caller's.
 */
export abstract class GeneralizedLinearModel {
  readonly weights: Float64Array;

  constructor(
    weights: VectorLike,
    readonly intercept: number,
  ) {
    this.weights = Float64Array.from(weights as ArrayLike<number>);
  }

  /** The number of features the model takes. */
  get numFeatures(): number {
    return this.weights.length;
  }

  /** The prediction for one feature vector. Throws InvalidRecordError for a wrong dimension or NaN. */
  predict(features: VectorLike): number {
    const bad = checkVector(features, this.weights.length);
    if (bad) throw new InvalidRecordError(bad.reason, `predict: ${bad.detail}`, features);
    return this.predictPoint(this.margin(features));
  }

  /** The predictions for many vectors. */
  predictAll(features: readonly VectorLike[]): number[] {
    return features.map((f) => this.predict(f));
  }

  /** w·x + intercept, unchecked (callers have validated x). */
  margin(features: VectorLike): number {
    return dot(this.weights, features) + this.intercept;
  }

  /** The link from margin to prediction. */
  abstract predictPoint(margin: number): number;

  toString(): string {
    return `${this.constructor.name}: intercept = ${this.intercept}, numFeatures = ${this.weights.length}, weights = [${Array.from(this.weights).join(", ")}]`;
  }
}
