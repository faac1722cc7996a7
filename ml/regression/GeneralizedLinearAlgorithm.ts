import type { RDD } from "../../engine";
import { gram } from "../backend";
import { ModelNotInitializedError } from "../errors";
import { BatchValidator, type OnInvalid, requireOnInvalid } from "../InvalidRecords";
import { labeledRecords } from "../kernels/RowSource";
import type { LabeledPoint } from "../LabeledPoint";
import { toFloat64, type VectorLike } from "../linalg/vectors";
import type { Gradient } from "../optimization/Gradient";
import { GradientDescent } from "../optimization/GradientDescent";
import type { SGDParams } from "../optimization/runMiniBatchSGD";
import type { Updater } from "../optimization/Updater";
import { backendReady, ready } from "../tfjs";
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
 * The arguments of MLlib's static `train` of the SGD algorithms: (input, numIterations = 100,
 * stepSize = 1, miniBatchFraction = 1, initialWeights = zeros).
 */
export type TrainArguments = [
  input: RDD<LabeledPoint> | readonly LabeledPoint[],
  numIterations?: number,
  stepSize?: number,
  miniBatchFraction?: number,
  initialWeights?: VectorLike,
];

/** What makes an SGD algorithm one model's: MLlib's gradient and updater, its label rule, its model. */
export interface LinearAlgorithmSpec<M extends GeneralizedLinearModel> {
  gradient: Gradient;
  updater: Updater;
  /** True when labels must be 0 or 1 (MLlib's binaryLabelValidator). */
  binaryLabels: boolean;
  model: new (weights: VectorLike, intercept: number) => M;
}

/**
 * MLlib's GeneralizedLinearAlgorithm without intercept or feature scaling (the SGD algorithms'
 * settings): validates the input, packs it once and runs gradient descent from the given
 * weights. Subclasses give the spec and MLlib's defaults.
 */
export abstract class GeneralizedLinearAlgorithm<M extends GeneralizedLinearModel> {
  readonly optimizer: GradientDescent;
  /** Invalid records: "error" (default) throws InvalidRecordError, "drop" drops and counts them. */
  onInvalid: OnInvalid = "error";
  readonly validator = new BatchValidator(() => this.onInvalid);

  constructor(
    private readonly spec: LinearAlgorithmSpec<M>,
    params: Pick<SGDParams, "stepSize" | "numIterations" | "regParam" | "miniBatchFraction">,
  ) {
    this.optimizer = new GradientDescent(spec.gradient, spec.updater)
      .setStepSize(params.stepSize)
      .setNumIterations(params.numIterations)
      .setRegParam(params.regParam)
      .setMiniBatchFraction(params.miniBatchFraction);
  }

  /**
   * The model for trained weights.
   * @example new LinearRegressionWithSGD().createModel(Float64Array.of(2, 1), 0).predict([1, 1]); // 3
   */
  createModel(weights: Float64Array, intercept: number): M {
    return new this.spec.model(weights, intercept);
  }

  /**
   * Invalid records: "error" (default) fails the run, "drop" drops and counts them.
   * @example new LinearRegressionWithSGD().setOnInvalid("drop").run(points);
   */
  setOnInvalid(onInvalid: OnInvalid): this {
    this.onInvalid = requireOnInvalid(onInvalid);
    return this;
  }

  /**
   * Trains on a static dataset (an RDD or an array of LabeledPoint) from `initialWeights`
   * (zeros by default).
   *
   * @example
   * const model = await new LinearRegressionWithSGD(0.1, 50).run(points, [0, 0]);
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
    if (this.optimizer.usesGram()) {
      // Least squares on the whole batch needs only [X y]ᵀ[X y]: accumulated straight from the
      // records when every one is a usable LabeledPoint (the usual case). Otherwise (undefined,
      // or a non-finite diagonal from a NaN or ±Infinity feature) the validating path below
      // throws or drops as the policy says.
      const S = gram(labeledRecords(records, d, this.spec.binaryLabels), records.length, d);
      if (S && finiteDiagonal(S, d)) {
        const n = records.length;
        const { weights, lossHistory } = this.optimizer.optimizeFromGram(S, n, d, initialWeights);
        return { model: this.createModel(weights, 0), count: n, lossHistory };
      }
    }
    // Validated and packed in one pass: the batch is copied once, into the layout the math takes.
    const { X, y, n } = this.validator.labeledRows(records, d, this.spec.binaryLabels, timeMs, operation);
    const { weights, lossHistory } = this.optimizer.optimize({ X, y, n, d }, initialWeights);
    return { model: this.createModel(weights, 0), count: n, lossHistory };
  }

  /**
   * MLlib's static `train` of the SGD algorithms, inherited by each: a fresh algorithm with
   * regParam 0 (MLlib's train has none) run on `input`.
   *
   * @example
   * const model = await LinearRegressionWithSGD.train(sc.parallelize(points), 100, 1.0);
   */
  static train<M extends GeneralizedLinearModel>(
    this: new (
      stepSize: number,
      numIterations: number,
      regParam: number,
      miniBatchFraction: number,
    ) => GeneralizedLinearAlgorithm<M>,
    ...[input, numIterations = 100, stepSize = 1, miniBatchFraction = 1, initialWeights]: TrainArguments
  ): Promise<M> {
    return new this(stepSize, numIterations, 0, miniBatchFraction).run(input, initialWeights);
  }
}

/** A NaN or ±Infinity feature makes its column's Σx² NaN or Infinity: squares cannot cancel. */
function finiteDiagonal(S: Float64Array, d: number): boolean {
  const m = d + 1;
  for (let i = 0; i < d; i++) if (!Number.isFinite(S[i * m + i]!)) return false;
  return true;
}
