import type { RDD } from "../../engine";
import { InvalidRecordError } from "../errors";
import { vectorProblem } from "../InvalidRecords";
import {
  checkSavedModel,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  matrix,
  readModelFile,
  type SavedModel,
  writeModelFile,
} from "../io/modelJson";
import { closest, toFloat64, type VectorLike } from "../linalg/vectors";

/**
 * A k-means model: cluster centres; predict(x) is the index of the closest centre (the first
 * on ties, as MLlib).
 *
 * @example
 * const model = new KMeansModel([[0, 0], [5, 5]]);
 * model.predict([4, 6]);                 // 1
 * model.computeCost([[0, 1], [5, 5]]);   // 1
 */
export class KMeansModel {
  readonly clusterCenters: Float64Array[];

  constructor(clusterCenters: readonly VectorLike[]) {
    this.clusterCenters = clusterCenters.map(toFloat64);
  }

  get k(): number {
    return this.clusterCenters.length;
  }

  /** The dimension of the centres. */
  get dim(): number {
    return this.clusterCenters[0]?.length ?? 0;
  }

  /** The index of the closest centre. Throws InvalidRecordError for a wrong dimension or NaN. */
  predict(point: VectorLike): number {
    const bad = vectorProblem(point, this.dim);
    if (bad) throw new InvalidRecordError(bad.reason, `predict: ${bad.detail}`, point);
    return closest(this.clusterCenters, point).index;
  }

  /** MLlib's computeCost: the sum of squared distances from each point to its closest centre. */
  computeCost(data: RDD<VectorLike> | readonly VectorLike[]): number {
    const points = Array.isArray(data) ? data : (data as RDD<VectorLike>).collect();
    let cost = 0;
    for (const p of points) {
      const bad = vectorProblem(p, this.dim);
      if (bad) throw new InvalidRecordError(bad.reason, `computeCost: ${bad.detail}`, p);
      cost += closest(this.clusterCenters, p).distance;
    }
    return cost;
  }

  toJSON(): SavedModel {
    return {
      format: MODEL_FORMAT,
      version: MODEL_FORMAT_VERSION,
      type: "KMeansModel",
      clusterCenters: this.clusterCenters.map((c) => Array.from(c)),
    };
  }

  save(file: string): void {
    writeModelFile(file, this.toJSON());
  }

  static fromJSON(json: unknown): KMeansModel {
    return new KMeansModel(matrix(checkSavedModel(json, "KMeansModel"), "clusterCenters"));
  }

  static load(file: string): KMeansModel {
    return KMeansModel.fromJSON(readModelFile(file, "KMeansModel"));
  }
}
