import type { DStream, RDD, Time } from "../../engine";

/**
 * Per-batch metrics as a DStream: one record per non-empty batch, computed when the batch's
 * output runs (not when the batch is planned), so an evaluation defined after trainOn scores
 * with the model that batch has just trained. Each batch is computed once and memoised by time,
 * so two outputs on the same metrics stream do not count a batch twice in the rolling values.
 * `stats` gives a batch's sums (undefined: no record for the batch), `report` the record from
 * them and those of the last `rollingBatches` batches.
 *
 * @example
 * const sizes = perBatchMetrics(points, "batch sizes", (records) => ({ count: records.length }),
 *   (timeMs, b, recent) => ({ timeMs, count: b.count, rolling: recent.length }), 10);
 */
export function perBatchMetrics<T, S, R>(
  stream: DStream<T>,
  name: string,
  stats: (records: T[], timeMs: number) => S | undefined,
  report: (timeMs: number, batch: S, recent: readonly S[]) => R,
  rollingBatches: number,
): DStream<R> {
  const memo = new Map<number, R | null>();
  const recent: S[] = [];
  return stream.transform((rdd: RDD<T>, time: Time) =>
    rdd
      .coalesce(1)
      .mapPartitions((records) => {
        const t = time.milliseconds;
        if (!memo.has(t)) {
          const s = stats(records, t);
          if (s === undefined) {
            memo.set(t, null);
          } else {
            recent.push(s);
            if (recent.length > rollingBatches) recent.shift();
            memo.set(t, report(t, s, recent));
          }
          // Memo entries older than the rolling window can go: a batch is never recomputed that late.
          if (memo.size > 4 * rollingBatches + 16) memo.delete(memo.keys().next().value!);
        }
        const r = memo.get(t);
        return r ? [r] : [];
      })
      .setName(`${name} at ${time.milliseconds} ms`),
  );
}
