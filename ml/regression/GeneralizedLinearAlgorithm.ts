import type { RDD } from "../../engine";
import { backendReady, gramOnLoops, ready } from "../backend";
import { ModelNotInitializedError } from "../errors";
import { BatchValidator, type OnInvalid, requireOnInvalid } from "../InvalidRecords";
import type { LabeledPoint } from "../LabeledPoint";
import { toFloat64, type VectorLike } from "../linalg/vectors";
import type { Gradient } from "../optimization/Gradient";
import { GradientDescent } from "../optimization/GradientDescent";
import { gramOfPoints } from "../optimization/gram";
import type { TrainingData } from "../optimization/runMiniBatchSGD";
import type { Updater } from "../optimization/Updater";
import type { GeneralizedLinearModel } from "./GeneralizedLinearModel";

/** What one training run did, for the per-batch summaries. */
export interface TrainingRun<M> {
  model: M;
  /** Records the optimiser saw (after dropping invalid ones). */
  count: number;
  /** MLlib's stochastic loss history: one value per iteration run. */
  lossHistory: number[];
}

/**
 * MLlib's GeneralizedLinearAlgorithm without intercept or feature scaling (the SGD algorithms'
 * settings): validates the input, packs it once and runs the optimizer from the given
 * weights.
 */
export abstract class GeneralizedLinearAlgorithm<M extends GeneralizedLinearModel> {
  readonly optimizer: GradientDescent;
  /** Invalid records: "error" (default) throws InvalidRecordError, "drop" drops and counts them. */
  onInvalid: OnInvalid = "error";
  readonly validator = new BatchValidator(() => this.onInvalid);

  constructor(gradient: Gradient, updater: Updater) {
    this.optimizer = new GradientDescent(gradient, updater);
  }

  /** True when labels must be 0 or 1 (MLlib's binaryLabelValidator). */
  protected abstract readonly binaryLabels: boolean;

  /** The model for trained weights. */
  abstract createModel(weights: Float64Array, intercept: number): M;

  setOnInvalid(onInvalid: OnInvalid): this {
    this.onInvalid = requireOnInvalid(onInvalid);
    return this;
  }

  /**
   * Trains on a static dataset (an RDD or an array of LabeledPoint) from `initialWeights`
   * (zeros by default).
   */
  async run(input: RDD<LabeledPoint> | readonly LabeledPoint[], initialWeights?: VectorLike): Promise<M> {
    await ready();
    const points = Array.isArray(input) ? input : (input as RDD<LabeledPoint>).collect();
    const dim = initialWeights?.length ?? points[0]?.features.length;
    if (dim === undefined) {
      throw new ModelNotInitializedError(
        "run: the dataset is empty and no initial weights were given, so the number of features is unknown. " +
          "Fix: train on a non-empty dataset, or pass initialWeights.",
      );
    }
    const start = initialWeights ? toFloat64(initialWeights) : new Float64Array(dim);
    return this.trainBatch(points, start, 0, "run").model;
  }

  /** Validates and trains on one batch; the backend must be ready (callers await ready()). */
  trainBatch(
    records: readonly (LabeledPoint | string)[],
    initialWeights: Float64Array,
    timeMs: number,
    operation: string,
  ): TrainingRun<M> {
    if (!backendReady()) throw new Error("Internal: trainBatch before ready(); await ready() first.");
    const d = initialWeights.length;
    if (this.optimizer.usesGram() && gramOnLoops(d)) {
      // Least squares on the whole batch needs only [X y]ᵀ[X y]: accumulated straight from the
      // points, with no packed copy, when every record is a usable LabeledPoint (the usual case).
      // Otherwise (undefined) the validating path below throws or drops exactly as it always has.
      const fast = gramOfPoints(records, d, this.binaryLabels);
      if (fast) {
        const { weights, lossHistory } = this.optimizer.optimizeFromGram(fast.S, fast.n, d, initialWeights);
        return { model: this.createModel(weights, 0), count: fast.n, lossHistory };
      }
    }
    // Validated and packed in one pass: the batch is copied once, into the layout the math takes.
    const { X, y, n } = this.validator.labeledRows(records, d, this.binaryLabels, timeMs, operation);
    const { weights, lossHistory } = this.optimizer.optimize({ X, y, n, d }, initialWeights);
    return { model: this.createModel(weights, 0), count: n, lossHistory };
  }
}

/** LabeledPoints packed as TrainingData (row-major float64 features and labels). */
export function pack(points: readonly LabeledPoint[], d: number): TrainingData {
  const n = points.length;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    X.set(points[r]!.features, r * d);
    y[r] = points[r]!.label;
  }
  return { X, y, n, d };
}
