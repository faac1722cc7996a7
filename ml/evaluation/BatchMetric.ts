/**
 * One kind of per-batch metric of a model: `stats` sums what a batch's points need (scored with
 * the model as it is when the batch's output runs), `report` turns a batch's sums and those of
 * the last batches into the record a user sees. Sums, not means, so the rolling values weigh
 * every point alike.
 */
export interface BatchMetric<P, M, S extends { count: number }, R> {
  stats(points: readonly P[], model: M): S;
  report(timeMs: number, batch: S, recent: readonly S[]): R;
}

/** The sum of `value` over the last batches' sums. */
export function total<S>(recent: readonly S[], value: (s: S) => number): number {
  let sum = 0;
  for (const s of recent) sum += value(s);
  return sum;
}
