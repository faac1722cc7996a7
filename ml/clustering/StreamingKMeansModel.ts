import type { RDD } from "../../engine";
import { clusterStats } from "../backend";
import { IllegalArgumentError, ModelFormatError } from "../errors";
import {
  checkSavedModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  matrix,
  numberArray,
  readModelFile,
  type SavedModel,
  writeModelFile,
} from "../io/modelJson";
import type { ClusterStats } from "../kernels/ClusterStats";
import { packedRows } from "../kernels/RowSource";
import { packRows64, type VectorLike } from "../linalg/vectors";
import { backendReady } from "../tfjs";
import { KMeansModel } from "./KMeansModel";

/** How decay is counted: per batch, or per point (decayFactor^points of the batch). */
export type TimeUnit = "batches" | "points";

/**
 * MLlib's StreamingKMeansModel: centres with weights, and the update rule (MLlib's code):
 * every weight is multiplied by the discount (decayFactor, or decayFactor^n for n new points);
 * a cluster with m new points whose mean is x̄ gets weight w' = w + m and its centre moves to
 * (1 − λ)·c + λ·x̄ with λ = m / max(w', 1e-16); then, if the smallest weight is under 1e-8 of
 * the largest, the largest cluster is split in two (centres x ± 1e-14·max(|x|, 1), weights both
 * the mean of the two). The centres and weights of this object are updated in place.
 *
 * @example
 * const m = new StreamingKMeansModel([[0, 0], [1, 1]], [1, 1]);
 * m.update([[-0.1, -0.1], [0.1, 0.1], [0.9, 0.9], [1.1, 1.1]], 1.0, "batches");
 * m.clusterWeights; // Float64Array [3, 3]
 */
export class StreamingKMeansModel extends KMeansModel {
  readonly clusterWeights: Float64Array;

  constructor(clusterCenters: readonly VectorLike[], clusterWeights: VectorLike) {
    super(clusterCenters);
    if (clusterWeights.length !== this.clusterCenters.length) {
      throw new IllegalArgumentError(
        `StreamingKMeansModel: ${this.clusterCenters.length} centres but ${clusterWeights.length} weights. Fix: give one weight per centre.`,
      );
    }
    this.clusterWeights = Float64Array.from(clusterWeights as ArrayLike<number>);
  }

  /**
   * Updates the model with one batch and returns it (the backend must be ready: await ready()
   * first). updateWithCost also gives the batch's cost.
   *
   * @example
   * await ready();
   * model.update([[0.1, 0.2], [4, 4]], 0.5, "batches").clusterCenters;
   */
  update(data: RDD<VectorLike> | readonly VectorLike[], decayFactor: number, timeUnit: TimeUnit): this {
    this.updateWithCost(
      Array.isArray(data) ? data : (data as RDD<VectorLike>).collect(),
      decayFactor,
      timeUnit,
    );
    return this;
  }

  /**
   * update() that returns the batch's cost against the centres before the update (0 when empty).
   *
   * @example
   * await ready();
   * const cost = model.updateWithCost(points, 1, "batches");
   */
  updateWithCost(points: readonly VectorLike[], decayFactor: number, timeUnit: TimeUnit): number {
    return this.updateRows(packRows64(points, this.dim), points.length, decayFactor, timeUnit);
  }

  /**
   * updateWithCost on a batch already packed: `n` rows of the model's dimension, row-major in
   * `X` (what BatchValidator.vectorRows gives, so a batch is copied once).
   */
  updateRows(X: Float64Array, n: number, decayFactor: number, timeUnit: TimeUnit): number {
    if (!backendReady())
      throw new Error("StreamingKMeansModel.update needs the tfjs backend: await ready() first.");
    // Packed rows are always given, so the kernel always returns stats.
    const stats = n > 0 ? clusterStats(packedRows(X, this.dim), n, this.clusterCenters)! : undefined;
    return this.updateFromStats(stats, n, decayFactor, timeUnit);
  }

  /**
   * The update itself, from a batch's per-cluster stats against the current centres (the
   * k-means kernel's; undefined for an empty batch) and its number of points `n`. Returns the
   * batch's cost.
   */
  updateFromStats(
    stats: ClusterStats | undefined,
    n: number,
    decayFactor: number,
    timeUnit: TimeUnit,
  ): number {
    const k = this.k;
    const d = this.dim;
    const discount = timeUnit === "batches" ? decayFactor : decayFactor ** n;
    for (let c = 0; c < k; c++) this.clusterWeights[c]! *= discount;
    if (stats) {
      for (let c = 0; c < k; c++) {
        const count = stats.counts[c]!;
        if (count === 0) continue; // MLlib's pointStats has no entry for a cluster without points
        const center = this.clusterCenters[c]!;
        const updatedWeight = this.clusterWeights[c]! + count;
        const lambda = count / Math.max(updatedWeight, 1e-16);
        this.clusterWeights[c] = updatedWeight;
        for (let j = 0; j < d; j++) {
          center[j] = (1 - lambda) * center[j]! + (lambda / count) * stats.sums[c * d + j]!;
        }
      }
    }
    this.splitDyingCluster();
    return stats?.cost ?? 0;
  }

  /** MLlib: the first smallest cluster under 1e-8 of the first largest takes half the largest. */
  private splitDyingCluster(): void {
    let largest = 0;
    let smallest = 0;
    for (let c = 1; c < this.k; c++) {
      if (this.clusterWeights[c]! > this.clusterWeights[largest]!) largest = c;
      if (this.clusterWeights[c]! < this.clusterWeights[smallest]!) smallest = c;
    }
    const maxWeight = this.clusterWeights[largest]!;
    const minWeight = this.clusterWeights[smallest]!;
    if (minWeight < 1e-8 * maxWeight) {
      const weight = (maxWeight + minWeight) / 2;
      this.clusterWeights[largest] = weight;
      this.clusterWeights[smallest] = weight;
      const big = this.clusterCenters[largest]!;
      const small = this.clusterCenters[smallest]!;
      for (let j = 0; j < this.dim; j++) {
        const x = big[j]!;
        const p = 1e-14 * Math.max(Math.abs(x), 1);
        big[j] = x + p;
        small[j] = x - p;
      }
    }
  }

  /** A copy, so a notebook can keep the model of one batch while the stream moves on. */
  copy(): StreamingKMeansModel {
    return new StreamingKMeansModel(this.clusterCenters, this.clusterWeights);
  }

  override toJSON(): SavedModel {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      type: "StreamingKMeansModel",
      clusterCenters: this.clusterCenters.map((c) => Array.from(c)),
      clusterWeights: Array.from(this.clusterWeights),
    };
  }

  override save(file: string): void {
    writeModelFile(file, this.toJSON());
  }

  static override fromJSON(json: unknown): StreamingKMeansModel {
    const j = checkSavedModel(json, "StreamingKMeansModel");
    const centers = matrix(j, "clusterCenters");
    const weights = numberArray(j, "clusterWeights", centers.length);
    if (weights.some((w) => w < 0))
      throw new ModelFormatError('The saved StreamingKMeansModel has a negative "clusterWeights" entry.');
    return new StreamingKMeansModel(centers, weights);
  }

  static override load(file: string): StreamingKMeansModel {
    return StreamingKMeansModel.fromJSON(readModelFile(file, "StreamingKMeansModel"));
  }
}
