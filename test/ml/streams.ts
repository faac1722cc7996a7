import type { StreamingContext } from "../../engine";

/** The failure reasons of every output operation that failed, as batches complete. */
export function batchFailures(ssc: StreamingContext): string[] {
  const failures: string[] = [];
  ssc.addStreamingListener({
    onBatchCompleted: (b) => {
      for (const o of b.outputOperationInfos.values()) if (o.failureReason) failures.push(o.failureReason);
    },
  });
  return failures;
}
