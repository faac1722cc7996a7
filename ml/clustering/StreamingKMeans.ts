import type { DStream } from "../../engine";
import { clusterStats } from "../backend";
import { IllegalArgumentError } from "../errors";
import { type ClusteringBatchMetrics, clusteringMetrics } from "../evaluation/clusteringMetrics";
import { BatchValidator, type OnInvalid, requireOnInvalid } from "../InvalidRecords";
import { vectorRecords } from "../kernels/RowSource";
import { closest, type VectorLike } from "../linalg/vectors";
import { type BatchTraining, StreamingModel } from "../streaming/StreamingModel";
import { SeededRandom } from "../util/random";
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
export class StreamingKMeans extends StreamingModel<StreamingKMeansModel, VectorLike | string> {
  protected readonly uninitialized =
    "initial cluster centers must be set first. Fix: call setInitialCenters(centers, weights), " +
    "setRandomCenters(dim, weight, seed) or setInitialModel(model).";
  private kValue = 2;
  private decay = 1;
  private unit: TimeUnit = "batches";
  private onInvalid: OnInvalid = "error";
  protected readonly validator = new BatchValidator(() => this.onInvalid);

  constructor(k = 2, decayFactor = 1, timeUnit: TimeUnit = "batches") {
    super();
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
  override latestModel(): StreamingKMeansModel {
    return super.latestModel();
  }

  /**
   * One batch of trainOn: MLlib's update (StreamingKMeansModel), on every batch, empty or not.
   * The usual batch (Float64Array vectors, all usable) goes to the k-means kernel straight from
   * its records; anything else (undefined, or a non-finite cost from a NaN or ±Infinity
   * feature) is validated and packed in one pass, and throws or drops as the policy says,
   * before the model is touched.
   */
  protected trainBatch(
    model: StreamingKMeansModel,
    records: (VectorLike | string)[],
    timeMs: number,
  ): BatchTraining {
    const n = records.length;
    const stats =
      n > 0 ? clusterStats(vectorRecords(records, model.dim), n, model.clusterCenters) : undefined;
    if (n === 0 || (stats && Number.isFinite(stats.cost))) {
      const cost = model.updateFromStats(stats, n, this.decay, this.unit);
      return { count: n, loss: n > 0 ? cost : null };
    }
    const packed = this.validator.vectorRows(records, model.dim, timeMs, "trainOn");
    const cost = model.updateRows(packed.X, packed.n, this.decay, this.unit);
    return { count: packed.n, loss: packed.n > 0 ? cost : null };
  }

  protected dimension(model: StreamingKMeansModel): number {
    return model.dim;
  }

  protected predictVector(model: StreamingKMeansModel, vector: VectorLike): number {
    return closest(model.clusterCenters, vector).index;
  }

  /**
   * The within-cluster sum of squared distances (MLlib's computeCost) of every batch of `data`
   * against the latest centres, per batch and over the last `rollingBatches` batches: one record
   * per non-empty batch, ready to plot.
   *
   * @example
   * plot(km.costOn(points), { y: "meanCost" }); // { timeMs, count, cost, meanCost, rollingMeanCost }
   */
  costOn(data: DStream<VectorLike | string>, rollingBatches = 10): DStream<ClusteringBatchMetrics> {
    return this.metricsOn(
      data,
      "costOn",
      (records, model, t) => this.validator.vectors(records, model.dim, t, "costOn"),
      clusteringMetrics,
      rollingBatches,
    );
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
