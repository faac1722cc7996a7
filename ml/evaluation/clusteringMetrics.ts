import type { KMeansModel } from "../clustering/KMeansModel";
import { closest, type VectorLike } from "../linalg/vectors";
import { type BatchMetric, total } from "./BatchMetric";

/** The per-batch record of a k-means cost stream. */
export interface ClusteringBatchMetrics {
  timeMs: number;
  count: number;
  /** Within-cluster sum of squared distances to the nearest centre (MLlib's computeCost). */
  cost: number;
  /** cost / count. */
  meanCost: number;
  /** Mean cost per point over the last `rollingBatches` non-empty batches. */
  rollingMeanCost: number;
}

interface ClusteringStats {
  count: number;
  cost: number;
}

/** The within-cluster sum of squares of a k-means model (MLlib's computeCost). */
export const clusteringMetrics: BatchMetric<
  VectorLike,
  KMeansModel,
  ClusteringStats,
  ClusteringBatchMetrics
> = {
  stats(points, model) {
    let cost = 0;
    for (const p of points) cost += closest(model.clusterCenters, p).distance;
    return { count: points.length, cost };
  },
  report(timeMs, b, recent) {
    const rollingMeanCost = total(recent, (r) => r.cost) / total(recent, (r) => r.count);
    return { timeMs, count: b.count, cost: b.cost, meanCost: b.cost / b.count, rollingMeanCost };
  },
};
