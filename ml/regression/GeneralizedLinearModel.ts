import { InvalidRecordError } from "../errors";
import { vectorProblem } from "../InvalidRecords";
import {
  checkSavedModel,
  finiteNumber,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelType,
  numberArray,
  type SavedModel,
  writeModelFile,
} from "../io/modelJson";
import { dot, type VectorLike } from "../linalg/vectors";

/**
 * MLlib's GeneralizedLinearModel: weights and an intercept; predict(x) maps the margin
 * w·x + intercept through the model's link. Weights are float64 and never alias the caller's.
 * Saved as JSON with its type, weights and intercept (and what a subclass adds).
 */
export abstract class GeneralizedLinearModel {
  readonly weights: Float64Array;

  /** The `type` of its saved JSON. */
  protected abstract readonly modelType: ModelType;

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

  /**
   * The prediction for one feature vector. Throws InvalidRecordError for a wrong dimension or NaN.
   * @example new LinearRegressionModel([2, 0.5]).predict([1, 2]); // 3
   */
  predict(features: VectorLike): number {
    const bad = vectorProblem(features, this.weights.length);
    if (bad) throw new InvalidRecordError(bad.reason, `predict: ${bad.detail}`, features);
    return this.predictPoint(this.margin(features));
  }

  /**
   * The predictions for many vectors.
   * @example model.predictAll([[1, 2], [3, 4]]);
   */
  predictAll(features: readonly VectorLike[]): number[] {
    return features.map((f) => this.predict(f));
  }

  /** w·x + intercept, unchecked (callers have validated x). */
  margin(features: VectorLike): number {
    return dot(this.weights, features) + this.intercept;
  }

  /** The link from margin to prediction. */
  abstract predictPoint(margin: number): number;

  /** The model as the JSON save() writes. */
  toJSON(): SavedModel {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      type: this.modelType,
      weights: Array.from(this.weights),
      intercept: this.intercept,
    };
  }

  /**
   * Writes the model as JSON (with a format version) to `file`, atomically.
   * @example model.save("models/lr.json"); // later: loadModel("models/lr.json")
   */
  save(file: string): void {
    writeModelFile(file, this.toJSON());
  }

  toString(): string {
    return `${this.constructor.name}: intercept = ${this.intercept}, numFeatures = ${this.weights.length}, weights = [${Array.from(this.weights).join(", ")}]`;
  }

  /** The checked envelope, weights and intercept of a saved model of `type` (for the subclasses' fromJSON). */
  protected static savedWeights(
    json: unknown,
    type: ModelType,
  ): { saved: SavedModel; weights: number[]; intercept: number } {
    const saved = checkSavedModel(json, type);
    return { saved, weights: numberArray(saved, "weights"), intercept: finiteNumber(saved, "intercept") };
  }
}
