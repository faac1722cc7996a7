import type { DStream, RDD, Time } from "../../engine";
import { ready } from "../backend";
import { IllegalArgumentError, ModelNotInitializedError } from "../errors";
import { perBatchMetrics } from "../evaluation/BatchMetrics";
import type { ClusteringBatchMetrics, TrainingSummary } from "../evaluation/metrics";
import { BatchValidator, type DroppedRecords, type OnInvalid, requireOnInvalid } from "../InvalidRecords";
import { closest, type VectorLike } from "../linalg/vectors";
import { SeededRandom } from "../util/random";
import { assignPoints } from "./assignClusters";
import type { KMeansModel } from "./KMeansModel";
import { StreamingKMeansModel, type TimeUnit } from "./StreamingKMeansModel";

/**
 * MLlib's StreamingKMeans: k-means updated on every batch with a forgetful update (see
 * StreamingKMeansModel). Defaults as MLlib's: k 2, decayFactor 1.0 (remember everything), time
 * unit "batches". Parameters are read when each batch runs. Vectors may be arrays, typed arrays
 * or text `[f1,f2]`.
 *
 * @example
 * await ready();
 * const km = new StreamingKMeans().setK(3).setHalfLife(5, "batches").setRandomCenters(2, 0, 42);
 * km.trainOn(points);                          // DStream<number[]>
 * km.predictOn(points).countByValue().print(); // cluster sizes per batch
 * km.costOn(points).print();                   // WSSSE per batch, ready to plot
 * km.latestModel().clusterCenters;             // [Float64Array, ...]
 */
export class StreamingKMeans {
  private model: StreamingKMeansModel | undefined;
  private kValue = 2;
  private decay = 1;
  private unit: TimeUnit = "batches";
  private onInvalid: OnInvalid = "error";
  private readonly validator = new BatchValidator(() => this.onInvalid);
  private readonly summaries = new Map<number, TrainingSummary>();
  private trainingStream: DStream<VectorLike | string> | undefined;

  constructor(k = 2, decayFactor = 1, timeUnit: TimeUnit = "batches") {
    this.setK(k).setDecayFactor(decayFactor);
    this.unit = requireTimeUnit(timeUnit);
  }

  get k(): number {
    return this.kValue;
  }

  get decayFactor(): number {
    return this.decay;
  }

  get timeUnit(): TimeUnit {
    return this.unit;
  }

  setK(k: number): this {
    check(Number.isInteger(k) && k > 0, `setK: the number of clusters must be a positive integer, got ${k}.`);
    this.kValue = k;
    return this;
  }

  /** The weight of the past: 1 remembers everything, 0 only the newest batch. */
  setDecayFactor(decayFactor: number): this {
    check(decayFactor >= 0, `setDecayFactor: the decay factor must be non-negative, got ${decayFactor}.`);
    this.decay = decayFactor;
    return this;
  }

  /** The decay that halves a point's weight after `halfLife` batches or points: exp(ln 0.5 / halfLife). */
  setHalfLife(halfLife: number, timeUnit: TimeUnit): this {
    check(halfLife > 0, `setHalfLife: the half-life must be positive, got ${halfLife}.`);
    this.unit = requireTimeUnit(timeUnit);
    this.decay = Math.exp(Math.log(0.5) / halfLife);
    return this;
  }

  /** Starts from these centres and weights (one weight per centre, k centres). */
  setInitialCenters(centers: readonly VectorLike[], weights: VectorLike): this {
    check(
      centers.length === weights.length,
      `setInitialCenters: ${centers.length} centres but ${weights.length} weights; give one weight per centre.`,
    );
    check(
      centers.length === this.kValue,
      `setInitialCenters: the number of centres must be k = ${this.kValue}, got ${centers.length}; call setK first.`,
    );
    check(
      Array.from(weights as ArrayLike<number>).every((w) => w >= 0),
      `setInitialCenters: weights must be non-negative, got [${Array.from(weights as ArrayLike<number>).join(", ")}].`,
    );
    const dim = centers[0]!.length;
    check(
      dim > 0 &&
        centers.every((c) => c.length === dim && Array.from(c as ArrayLike<number>).every(Number.isFinite)),
      "setInitialCenters: centres must be non-empty vectors of finite numbers, all of the same dimension.",
    );
    this.model = new StreamingKMeansModel(centers, weights);
    return this;
  }

  /** k centres drawn from a standard normal (seeded), each with `weight`. */
  setRandomCenters(dim: number, weight: number, seed = 42): this {
    check(
      Number.isInteger(dim) && dim > 0,
      `setRandomCenters: the dimension must be a positive integer, got ${dim}.`,
    );
    check(weight >= 0, `setRandomCenters: the weight must be non-negative, got ${weight}.`);
    const random = new SeededRandom(seed);
    const centers = Array.from({ length: this.kValue }, () =>
      Array.from({ length: dim }, () => random.nextGaussian()),
    );
    this.model = new StreamingKMeansModel(centers, new Array(this.kValue).fill(weight));
    return this;
  }

  /** Starts from a model trained offline (KMeans.train) or loaded; weights default to the model's own or 1 each. */
  setInitialModel(model: KMeansModel | StreamingKMeansModel, weights?: VectorLike): this {
    const w =
      weights ?? (model instanceof StreamingKMeansModel ? model.clusterWeights : new Array(model.k).fill(1));
    this.kValue = model.k;
    return this.setInitialCenters(model.clusterCenters, w);
  }

  /** Invalid vectors: "error" (default) fails the batch, "drop" drops and counts them (droppedRecords()). */
  setOnInvalid(onInvalid: OnInvalid): this {
    this.onInvalid = requireOnInvalid(onInvalid);
    return this;
  }

  /** The model as of the last batch trained (live: it changes as batches train; copy() to keep one). */
  latestModel(): StreamingKMeansModel {
    return this.requireModel("latestModel");
  }

  /** Updates the model with every batch of `data`. */
  trainOn(data: DStream<VectorLike | string>): void {
    this.requireModel("trainOn");
    this.trainingStream = data;
    data.foreachRDD(async (rdd, time) => {
      await ready();
      const model = this.requireModel("trainOn");
      const t = time.milliseconds;
      const records = rdd.collect();
      // The usual batch (Float64Array vectors, all usable, small k·d) is assigned and summed
      // straight from the records, block by block. Anything else (undefined) is validated and
      // packed in one pass, and throws or drops as the policy says, before the model is touched.
      const stats = records.length > 0 ? assignPoints(records, model.clusterCenters) : undefined;
      let n: number;
      let cost: number;
      if (stats) {
        n = records.length;
        cost = model.updateFromStats(stats, n, this.decay, this.unit);
      } else {
        const packed = this.validator.vectorRows(records, model.dim, t, "trainOn");
        n = packed.n;
        cost = model.updateRows(packed.X, n, this.decay, this.unit);
      }
      this.summaries.set(t, {
        timeMs: t,
        count: n,
        dropped: this.validator.droppedAt(t, "trainOn").dropped,
        loss: n > 0 ? cost : null,
      });
      if (this.summaries.size > 10_000) this.summaries.delete(this.summaries.keys().next().value!);
    });
  }

  /** The closest centre's index for every vector, with the model as it is when the batch's output runs. */
  predictOn(data: DStream<VectorLike | string>): DStream<number> {
    this.requireModel("predictOn");
    return data.transform((rdd: RDD<VectorLike | string>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOn");
        return this.validator
          .vectors(items, model.dim, time.milliseconds, "predictOn")
          .map((v) => closest(model.clusterCenters, v).index);
      }),
    );
  }

  /** Like predictOn, keeping each vector's key: `[key, cluster]`. */
  predictOnValues<K>(data: DStream<[K, VectorLike]>): DStream<[K, number]> {
    this.requireModel("predictOnValues");
    return data.transform((rdd: RDD<[K, VectorLike]>, time: Time) =>
      rdd.mapPartitions((items) => {
        const model = this.requireModel("predictOnValues");
        const out: [K, number][] = [];
        for (const [key, v] of items) {
          const [ok] = this.validator.vectors([v], model.dim, time.milliseconds, "predictOnValues");
          if (ok) out.push([key, closest(model.clusterCenters, ok).index]);
        }
        return out;
      }),
    );
  }

  /**
   * The within-cluster sum of squared distances (MLlib's computeCost) of every batch of `data`
   * against the latest centres: one record per non-empty batch, ready to plot.
   */
  costOn(data: DStream<VectorLike | string>, rollingBatches = 10): DStream<ClusteringBatchMetrics> {
    this.requireModel("costOn");
    return perBatchMetrics(
      data,
      "costOn",
      (records, t) => {
        const model = this.requireModel("costOn");
        const points = this.validator.vectors(records, model.dim, t, "costOn");
        if (points.length === 0) return undefined;
        let cost = 0;
        for (const p of points) cost += closest(model.clusterCenters, p).distance;
        return { count: points.length, cost };
      },
      (timeMs, b, recent) => {
        let n = 0;
        let c = 0;
        for (const r of recent) {
          n += r.count;
          c += r.cost;
        }
        return { timeMs, count: b.count, cost: b.cost, meanCost: b.cost / b.count, rollingMeanCost: c / n };
      },
      rollingBatches,
    );
  }

  /** One record per batch of what training did: points used, points dropped, cost before the update. */
  trainingSummaries(): DStream<TrainingSummary> {
    return perBatchMetrics(
      this.requireTrainingStream("trainingSummaries"),
      "trainingSummaries",
      (_r, t) => this.summaries.get(t),
      (_t, s) => s,
      1,
    );
  }

  /** Per batch, the vectors trainOn dropped as invalid (a record per batch, zero when none). */
  droppedRecords(): DStream<DroppedRecords> {
    return perBatchMetrics(
      this.requireTrainingStream("droppedRecords"),
      "droppedRecords",
      (_r, t) => this.validator.droppedAt(t, "trainOn"),
      (_t, s) => s,
      1,
    );
  }

  /** Every batch that dropped records so far, oldest first. */
  droppedHistory(): readonly DroppedRecords[] {
    return this.validator.droppedHistory();
  }

  private requireModel(operation: string): StreamingKMeansModel {
    if (!this.model) {
      throw new ModelNotInitializedError(
        `StreamingKMeans.${operation}: initial cluster centers must be set first. Fix: call ` +
          "setInitialCenters(centers, weights), setRandomCenters(dim, weight, seed) or setInitialModel(model).",
      );
    }
    return this.model;
  }

  private requireTrainingStream(operation: string): DStream<VectorLike | string> {
    if (!this.trainingStream) {
      throw new ModelNotInitializedError(
        `StreamingKMeans.${operation}: reports on training, and nothing trains yet. Fix: call trainOn(stream) first.`,
      );
    }
    return this.trainingStream;
  }
}

function requireTimeUnit(unit: string): TimeUnit {
  check(
    unit === "batches" || unit === "points",
    `the time unit must be "batches" or "points", got ${JSON.stringify(unit)}.`,
  );
  return unit as TimeUnit;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new IllegalArgumentError(`StreamingKMeans.${message}`);
}
