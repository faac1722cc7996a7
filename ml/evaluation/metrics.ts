/** The per-batch record of a regression evaluation stream (predictions vs labels). */
export interface RegressionBatchMetrics {
  /** Batch time in ms. */
  timeMs: number;
  /** Points scored in this batch. */
  count: number;
  /** Mean squared error of this batch. */
  mse: number;
  /** Mean absolute error of this batch. */
  mae: number;
  /** MSE over the points of the last `rollingBatches` non-empty batches. */
  rollingMse: number;
  /** MAE over the points of the last `rollingBatches` non-empty batches. */
  rollingMae: number;
}

/** The per-batch record of a classification evaluation stream. */
export interface ClassificationBatchMetrics {
  timeMs: number;
  count: number;
  /** Fraction of this batch's points predicted right. */
  accuracy: number;
  /** Accuracy over the points of the last `rollingBatches` non-empty batches. */
  rollingAccuracy: number;
}

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

/** What one batch of training did: a model's per-batch training summary. */
export interface TrainingSummary {
  timeMs: number;
  /** Records trained on (after invalid ones were dropped). */
  count: number;
  /** Records dropped as invalid (only with setOnInvalid("drop")). */
  dropped: number;
  /** SGD: the loss of the last iteration run (MLlib's loss history); k-means: the batch's cost before the update. */
  loss: number | null;
}
