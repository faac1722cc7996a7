import type { DStream, RDD, Time } from "../../engine";
import { ready } from "../backend";
import { ModelNotInitializedError } from "../errors";
import { perBatchMetrics } from "../evaluation/BatchMetrics";
import type {
  ClassificationBatchMetrics,
  RegressionBatchMetrics,
  TrainingSummary,
} from "../evaluation/metrics";
import type { DroppedRecords, OnInvalid } from "../InvalidRecords";
import type { LabeledPoint } from "../LabeledPoint";
import { toFloat64, type VectorLike } from "../linalg/vectors";
import type { GeneralizedLinearAlgorithm } from "./GeneralizedLinearAlgorithm";
import type { GeneralizedLinearModel } from "./GeneralizedLinearModel";

/**
 * MLlib's StreamingLinearAlgorithm: a linear model updated on every batch of a stream. Each
 * non-empty batch runs the algorithm from the current weights; parameters are read when the
 * batch runs, so a setter called while streaming applies from the next batch. Records may be
 * LabeledPoint objects or lines in MLlib's text form `(label,[f1,f2])`.
 */
export abstract class StreamingLinearAlgorithm<
  M extends GeneralizedLinearModel,
  A extends GeneralizedLinearAlgorithm<M>,
> {
  protected model: M | undefined;
  private readonly summaries = new Map<number, TrainingSummary>();
  private trainingStream: DStream<LabeledPoint | string> | undefined;

  constructor(readonly algorithm: A) {}

  /** A short name for error messages. */
  protected abstract readonly kind: string;

  // ---- parameters (chainable, read at every batch) ------------------------------------------

  setStepSize(stepSize: number): this {
    this.algorithm.optimizer.setStepSize(stepSize);
    return this;
  }

  setNumIterations(numIterations: number): this {
    this.algorithm.optimizer.setNumIterations(numIterations);
    return this;
  }

  setMiniBatchFraction(miniBatchFraction: number): this {
    this.algorithm.optimizer.setMiniBatchFraction(miniBatchFraction);
    return this;
  }

  setRegParam(regParam: number): this {
    this.algorithm.optimizer.setRegParam(regParam);
    return this;
  }

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

  // ---- streams -------------------------------------------------------------------------------

  /** The model as of the last batch trained. */
  latestModel(): M {
    return this.requireModel("latestModel");
  }

  /**
   * Trains on every batch of `data` (an output operation, like MLlib's foreachRDD).
   * @example model.trainOn(lines.map(LabeledPoint.parse));
   */
  trainOn(data: DStream<LabeledPoint | string>): void {
    this.requireModel("trainOn");
    this.trainingStream = data;
    data.foreachRDD(async (rdd, time) => {
      await ready();
      const records = rdd.collect();
      const current = this.requireModel("trainOn");
      if (records.length === 0) {
        this.summaries.set(time.milliseconds, {
          timeMs: time.milliseconds,
          count: 0,
          dropped: 0,
          loss: null,
        });
        return;
      }
      const run = this.algorithm.trainBatch(records, current.weights, time.milliseconds, "trainOn");
      // MLlib trains only non-empty batches; a batch whose records were all dropped is empty too.
      if (run.count > 0) this.model = this.algorithm.createModel(run.model.weights, current.intercept);
      this.summaries.set(time.milliseconds, {
        timeMs: time.milliseconds,
        count: run.count,
        dropped: this.algorithm.validator.droppedAt(time.milliseconds, "trainOn").dropped,
        loss: run.lossHistory.at(-1) ?? null,
      });
      if (this.summaries.size > 10_000) this.summaries.delete(this.summaries.keys().next().value!);
    });
  }

  /**
   * The prediction for every vector of `data`, with the model as it is when the batch's output
   * runs.
   * @example model.predictOn(test.map((p) => p.features)).print();
   */
  predictOn(data: DStream<VectorLike | string>): DStream<number> {
    this.requireModel("predictOn");
    return data.transform((rdd: RDD<VectorLike | string>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOn");
        const vectors = this.algorithm.validator.vectors(
          items,
          model.numFeatures,
          time.milliseconds,
          "predictOn",
        );
        return vectors.map((v) => model.predictPoint(model.margin(v)));
      }),
    );
  }

  /**
   * Predictions for keyed vectors, keeping the key: handy for plotting predictions against
   * labels, e.g. `predictOnValues(test.map((p) => [p.label, p.features]))`.
   */
  predictOnValues<K>(data: DStream<[K, VectorLike]>): DStream<[K, number]> {
    this.requireModel("predictOnValues");
    return data.transform((rdd: RDD<[K, VectorLike]>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOnValues");
        const out: [K, number][] = [];
        for (const [k, v] of items) {
          const [ok] = this.algorithm.validator.vectors(
            [v],
            model.numFeatures,
            time.milliseconds,
            "predictOnValues",
          );
          if (ok) out.push([k, model.predictPoint(model.margin(ok))]);
        }
        return out;
      }),
    );
  }

  /**
   * One record per batch of what training did: points trained on, points dropped, last loss.
   * Available after trainOn.
   */
  trainingSummaries(): DStream<TrainingSummary> {
    const stream = this.requireTrainingStream("trainingSummaries");
    return perBatchMetrics(
      stream,
      "trainingSummaries",
      (_records, t) => this.summaries.get(t),
      (_t, s) => s,
      1,
    );
  }

  /** Per batch, the records trainOn dropped as invalid (a record per batch, zero when none). */
  droppedRecords(): DStream<DroppedRecords> {
    const stream = this.requireTrainingStream("droppedRecords");
    return perBatchMetrics(
      stream,
      "droppedRecords",
      (_records, t) => this.algorithm.validator.droppedAt(t, "trainOn"),
      (_t, s) => s,
      1,
    );
  }

  /** Every batch that dropped records so far (trainOn, predictOn, evaluation), oldest first. */
  droppedHistory(): readonly DroppedRecords[] {
    return this.algorithm.validator.droppedHistory();
  }

  protected evaluateWith<S, R>(
    data: DStream<LabeledPoint | string>,
    name: string,
    stats: (points: LabeledPoint[], model: M) => S,
    report: (timeMs: number, batch: S, recent: readonly S[]) => R,
    rollingBatches: number,
  ): DStream<R> {
    this.requireModel(name);
    return perBatchMetrics(
      data,
      name,
      (records, t) => {
        const model = this.requireModel(name);
        const points = this.algorithm.validator.points(records, model.numFeatures, false, t, name);
        return points.length === 0 ? undefined : stats(points, model);
      },
      report,
      rollingBatches,
    );
  }

  protected requireModel(operation: string): M {
    if (!this.model) {
      throw new ModelNotInitializedError(
        `${this.kind}.${operation}: the model has no weights yet. Fix: call setInitialWeights([...]) ` +
          "(e.g. zeros of the feature dimension) or setInitialModel(model) first.",
      );
    }
    return this.model;
  }

  private requireTrainingStream(operation: string): DStream<LabeledPoint | string> {
    if (!this.trainingStream) {
      throw new ModelNotInitializedError(
        `${this.kind}.${operation}: reports on training, and nothing trains yet. Fix: call trainOn(stream) first.`,
      );
    }
    return this.trainingStream;
  }
}

/** Sums for a regression batch: count, squared and absolute error. */
export interface RegressionStats {
  count: number;
  se: number;
  ae: number;
}

export function regressionStats(points: LabeledPoint[], model: GeneralizedLinearModel): RegressionStats {
  let se = 0;
  let ae = 0;
  for (const p of points) {
    const e = model.predictPoint(model.margin(p.features)) - p.label;
    se += e * e;
    ae += Math.abs(e);
  }
  return { count: points.length, se, ae };
}

export function regressionReport(
  timeMs: number,
  b: RegressionStats,
  recent: readonly RegressionStats[],
): RegressionBatchMetrics {
  let n = 0;
  let se = 0;
  let ae = 0;
  for (const r of recent) {
    n += r.count;
    se += r.se;
    ae += r.ae;
  }
  return {
    timeMs,
    count: b.count,
    mse: b.se / b.count,
    mae: b.ae / b.count,
    rollingMse: se / n,
    rollingMae: ae / n,
  };
}

/** Count and correct predictions of a classification batch. */
export interface ClassificationStats {
  count: number;
  correct: number;
}

export function classificationReport(
  timeMs: number,
  b: ClassificationStats,
  recent: readonly ClassificationStats[],
): ClassificationBatchMetrics {
  let n = 0;
  let c = 0;
  for (const r of recent) {
    n += r.count;
    c += r.correct;
  }
  return { timeMs, count: b.count, accuracy: b.correct / b.count, rollingAccuracy: c / n };
}
