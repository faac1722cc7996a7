import type { DStream } from "../../engine";
import type { BatchMetric } from "../evaluation/BatchMetric";
import type { BatchValidator, OnInvalid } from "../InvalidRecords";
import type { LabeledPoint } from "../LabeledPoint";
import { toFloat64, type VectorLike } from "../linalg/vectors";
import { type BatchTraining, StreamingModel } from "../streaming/StreamingModel";
import type { GeneralizedLinearAlgorithm } from "./GeneralizedLinearAlgorithm";
import type { GeneralizedLinearModel } from "./GeneralizedLinearModel";

/**
 * MLlib's StreamingLinearAlgorithm: a linear model updated on every batch of a stream. Each
 * non-empty batch runs the algorithm from the current weights; parameters are read when the
 * batch runs, so a setter called while streaming applies from the next batch. Records may be
 * LabeledPoint objects or lines in MLlib's text form `(label,[f1,f2])`. evaluateOn scores the
 * latest model with the subclass's metric `R`.
 */
export abstract class StreamingLinearAlgorithm<
  M extends GeneralizedLinearModel,
  A extends GeneralizedLinearAlgorithm<M>,
  R = unknown,
> extends StreamingModel<M, LabeledPoint | string> {
  protected readonly uninitialized =
    "the model has no weights yet. Fix: call setInitialWeights([...]) (e.g. zeros of the feature " +
    "dimension) or setInitialModel(model) first.";
  protected readonly validator: BatchValidator;

  constructor(
    readonly algorithm: A,
    private readonly metric: BatchMetric<LabeledPoint, M, { count: number }, R>,
  ) {
    super();
    this.validator = algorithm.validator;
  }

  // ---- parameters (chainable, read at every batch) ------------------------------------------

  /**
   * SGD's initial step: iteration i of a batch steps by stepSize/√i, i restarting at 1 every batch.
   * @example model.setStepSize(0.2);
   */
  setStepSize(stepSize: number): this {
    this.algorithm.optimizer.setStepSize(stepSize);
    return this;
  }

  /**
   * Iterations of gradient descent per batch.
   * @example model.setNumIterations(25);
   */
  setNumIterations(numIterations: number): this {
    this.algorithm.optimizer.setNumIterations(numIterations);
    return this;
  }

  /**
   * The fraction of a batch each iteration samples (1: the whole batch, every iteration).
   * @example model.setMiniBatchFraction(0.5);
   */
  setMiniBatchFraction(miniBatchFraction: number): this {
    this.algorithm.optimizer.setMiniBatchFraction(miniBatchFraction);
    return this;
  }

  /**
   * The regularisation parameter: L2 for logistic regression; linear regression ignores it, as
   * MLlib's does.
   * @example model.setRegParam(0.01);
   */
  setRegParam(regParam: number): this {
    this.algorithm.optimizer.setRegParam(regParam);
    return this;
  }

  /**
   * A batch stops iterating once the weights move by less than tolerance·max(‖w‖, 1).
   * @example model.setConvergenceTol(0); // always run every iteration
   */
  setConvergenceTol(tolerance: number): this {
    this.algorithm.optimizer.setConvergenceTol(tolerance);
    return this;
  }

  /** Starts the model at these weights (intercept 0, as MLlib). */
  setInitialWeights(initialWeights: VectorLike): this {
    this.model = this.algorithm.createModel(toFloat64(initialWeights), 0);
    return this;
  }

  /** Starts from (or scores with) a model trained offline or loaded from disk. */
  setInitialModel(model: GeneralizedLinearModel): this {
    this.model = this.algorithm.createModel(Float64Array.from(model.weights), model.intercept);
    return this;
  }

  /** Invalid records: "error" (default) fails the batch, "drop" drops and counts them (droppedRecords()). */
  setOnInvalid(onInvalid: OnInvalid): this {
    this.algorithm.setOnInvalid(onInvalid);
    return this;
  }

  /** The current parameters, for display. */
  get params(): {
    stepSize: number;
    numIterations: number;
    regParam: number;
    miniBatchFraction: number;
    convergenceTol: number;
    onInvalid: OnInvalid;
  } {
    return { ...this.algorithm.optimizer.current, onInvalid: this.algorithm.onInvalid };
  }

  // ---- what StreamingModel asks of a model ----------------------------------------------------

  /** MLlib trains only non-empty batches; a batch whose records were all dropped is empty too. */
  protected trainBatch(current: M, records: (LabeledPoint | string)[], timeMs: number): BatchTraining {
    if (records.length === 0) return { count: 0, loss: null };
    const run = this.algorithm.trainBatch(records, current.weights, timeMs, "trainOn");
    if (run.count > 0) this.model = this.algorithm.createModel(run.model.weights, current.intercept);
    return { count: run.count, loss: run.lossHistory.at(-1) ?? null };
  }

  protected dimension(model: M): number {
    return model.numFeatures;
  }

  protected predictVector(model: M, vector: VectorLike): number {
    return model.predictPoint(model.margin(vector));
  }

  /**
   * The latest model's metric on every batch of `data` (MSE and MAE for regression, accuracy for
   * classification), per batch and over the last `rollingBatches` non-empty batches: one record
   * per non-empty batch, ready to plot.
   *
   * @example
   * plot(model.evaluateOn(test), { y: "mse" }); // regression: { timeMs, count, mse, mae, rollingMse, rollingMae }
   */
  evaluateOn(data: DStream<LabeledPoint | string>, rollingBatches = 10): DStream<R> {
    return this.metricsOn(
      data,
      "evaluateOn",
      (records, model, t) => this.validator.points(records, model.numFeatures, false, t, "evaluateOn"),
      this.metric,
      rollingBatches,
    );
  }
}
