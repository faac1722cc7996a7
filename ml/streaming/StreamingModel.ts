import type { DStream, RDD, Time } from "../../engine";
import { ModelNotInitializedError } from "../errors";
import type { BatchMetric } from "../evaluation/BatchMetric";
import { perBatchMetrics } from "../evaluation/perBatchMetrics";
import type { TrainingSummary } from "../evaluation/TrainingSummary";
import { BatchValidator, type DroppedRecords } from "../InvalidRecords";
import type { VectorLike } from "../linalg/vectors";
import { ready } from "../tfjs";

/** What training on one batch did, for its summary. */
export interface BatchTraining {
  /** Records trained on (after invalid ones were dropped). */
  count: number;
  /** The loss to report, null when nothing was trained. */
  loss: number | null;
}

/**
 * What MLlib's streaming models share, written once: a model `M` trained on every batch of a
 * stream of records `T` (trainOn), predictions with the model as it is when a batch's output
 * runs (predictOn, predictOnValues), per-batch training summaries and drop counts, and
 * per-batch metrics for the subclasses' evaluation streams. Subclasses say how one batch
 * trains and how one vector is predicted. Invalid records go through the subclass's validator:
 * thrown or dropped and counted, never seen by the model.
 */
export abstract class StreamingModel<M, T> {
  protected model: M | undefined;
  /** Summaries by batch time, as many batches as the validator keeps drop counts for. */
  private readonly summaries = new Map<number, TrainingSummary>();
  private trainingStream: DStream<T> | undefined;

  /** What to call to give the model its start, for the error when it has none. */
  protected abstract readonly uninitialized: string;
  protected abstract readonly validator: BatchValidator;

  /** Trains `model` on one batch's records (tfjs is ready); called for every batch, empty or not. */
  protected abstract trainBatch(model: M, records: T[], timeMs: number): BatchTraining;

  /** The number of features the model takes. */
  protected abstract dimension(model: M): number;

  /** The prediction for one validated vector. */
  protected abstract predictVector(model: M, vector: VectorLike): number;

  /**
   * The model as of the last batch trained.
   *
   * @example
   * model.latestModel(); // the current model object
   */
  latestModel(): M {
    return this.requireModel("latestModel");
  }

  /**
   * Trains on every batch of `data` (an output operation, like MLlib's foreachRDD). Setters
   * called while streaming apply from the next batch.
   *
   * @example
   * model.trainOn(lines.map(LabeledPoint.parse));
   */
  trainOn(data: DStream<T>): void {
    this.requireModel("trainOn");
    this.trainingStream = data;
    data.foreachRDD(async (rdd, time) => {
      await ready();
      const t = time.milliseconds;
      const { count, loss } = this.trainBatch(this.requireModel("trainOn"), rdd.collect(), t);
      const dropped = this.validator.droppedAt(t, "trainOn").dropped;
      this.summaries.set(t, { timeMs: t, count, dropped, loss });
      if (this.summaries.size > BatchValidator.HISTORY)
        this.summaries.delete(this.summaries.keys().next().value!);
    });
  }

  /**
   * The prediction for every vector of `data`, with the model as it is when the batch's output
   * runs (so an output defined after trainOn uses the model that batch trained).
   *
   * @example
   * model.predictOn(test.map((p) => p.features)).print();
   */
  predictOn(data: DStream<VectorLike | string>): DStream<number> {
    this.requireModel("predictOn");
    return data.transform((rdd: RDD<VectorLike | string>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOn");
        return this.validator
          .vectors(items, this.dimension(model), time.milliseconds, "predictOn")
          .map((v) => this.predictVector(model, v));
      }),
    );
  }

  /**
   * Like predictOn, keeping each vector's key: `[key, prediction]`.
   *
   * @example
   * model.predictOnValues(test.map((p) => [p.label, p.features])).print(); // [label, prediction]
   */
  predictOnValues<K>(data: DStream<[K, VectorLike]>): DStream<[K, number]> {
    this.requireModel("predictOnValues");
    return data.transform((rdd: RDD<[K, VectorLike]>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOnValues");
        const out: [K, number][] = [];
        for (const [key, v] of items) {
          const [ok] = this.validator.vectors(
            [v],
            this.dimension(model),
            time.milliseconds,
            "predictOnValues",
          );
          if (ok) out.push([key, this.predictVector(model, ok)]);
        }
        return out;
      }),
    );
  }

  /**
   * One record per batch of what training did: records trained on, records dropped, and the
   * loss (SGD: the last iteration's; k-means: the batch's cost before the update).
   *
   * @example
   * model.trainOn(train);
   * model.trainingSummaries().print(); // { timeMs, count, dropped, loss } per batch
   */
  trainingSummaries(): DStream<TrainingSummary> {
    return perBatchMetrics(
      this.requireTrainingStream("trainingSummaries"),
      "trainingSummaries",
      (_records, t) => this.summaries.get(t),
      (_t, s) => s,
      1,
    );
  }

  /**
   * Per batch, the records trainOn dropped as invalid (a record per batch, zero when none).
   *
   * @example
   * model.setOnInvalid("drop").trainOn(train);
   * model.droppedRecords().print(); // { timeMs, operation, dropped, byReason } per batch
   */
  droppedRecords(): DStream<DroppedRecords> {
    return perBatchMetrics(
      this.requireTrainingStream("droppedRecords"),
      "droppedRecords",
      (_records, t) => this.validator.droppedAt(t, "trainOn"),
      (_t, s) => s,
      1,
    );
  }

  /**
   * Every batch that dropped records so far (training, prediction, evaluation), oldest first.
   *
   * @example
   * model.droppedHistory().at(-1)?.firstProblem; // what was wrong with the last dropped record
   */
  droppedHistory(): readonly DroppedRecords[] {
    return this.validator.droppedHistory();
  }

  /**
   * A per-batch metric of `data` scored with the latest model: one record per non-empty batch
   * (after validation by `points`), with rolling values over the last `rollingBatches`.
   */
  protected metricsOn<In, P, S extends { count: number }, Out>(
    data: DStream<In>,
    name: string,
    points: (records: In[], model: M, timeMs: number) => P[],
    metric: BatchMetric<P, M, S, Out>,
    rollingBatches: number,
  ): DStream<Out> {
    this.requireModel(name);
    return perBatchMetrics(
      data,
      name,
      (records, t) => {
        const model = this.requireModel(name);
        const valid = points(records, model, t);
        return valid.length === 0 ? undefined : metric.stats(valid, model);
      },
      metric.report,
      rollingBatches,
    );
  }

  protected requireModel(operation: string): M {
    if (!this.model) {
      throw new ModelNotInitializedError(`${this.constructor.name}.${operation}: ${this.uninitialized}`);
    }
    return this.model;
  }

  private requireTrainingStream(operation: string): DStream<T> {
    if (!this.trainingStream) {
      throw new ModelNotInitializedError(
        `${this.constructor.name}.${operation}: reports on training, and nothing trains yet. Fix: call trainOn(stream) first.`,
      );
    }
    return this.trainingStream;
  }
}
