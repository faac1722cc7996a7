/** What one batch of training did: a streaming model's per-batch training summary. */
export interface TrainingSummary {
  timeMs: number;
  /** Records trained on (after invalid ones were dropped). */
  count: number;
  /** Records dropped as invalid (only with setOnInvalid("drop")). */
  dropped: number;
  /** SGD: the loss of the last iteration run (MLlib's loss history); k-means: the batch's cost before the update. */
  loss: number | null;
}
