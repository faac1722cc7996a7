import { type DStream, Seconds, type StreamingContext } from "../../engine";
import { collectOutput, manualContext } from "../helpers/testStreams";

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

/**
 * Runs the outputs `define` puts on a queue stream of `batches`, one batch a second on a
 * ManualClock, to the end; returns the failure reasons of the batches that failed.
 */
export async function runBatches<T>(
  batches: readonly T[][],
  define: (stream: DStream<T>) => void,
): Promise<string[]> {
  const { ssc, clock } = await manualContext();
  const failures = batchFailures(ssc);
  define(ssc.queueStream([...batches])); // a copy: queueStream consumes its queue
  ssc.start();
  await clock.advance(Seconds(batches.length));
  await ssc.stop();
  return failures;
}

/** `model.trainOn` over `batches`; the failure reasons of the batches that failed. */
export function trainOnBatches<T>(
  model: { trainOn(data: DStream<T>): void },
  batches: readonly T[][],
): Promise<string[]> {
  return runBatches(batches, (stream) => model.trainOn(stream));
}

/**
 * `model.trainOn` over `batches`, and `model.evaluateOn` on the same stream (defined after, so
 * each batch is scored with the model it has just trained): the failures and each batch's metrics.
 */
export async function trainAndEvaluate<T, R>(
  model: { trainOn(data: DStream<T>): void; evaluateOn(data: DStream<T>): DStream<R> },
  batches: readonly T[][],
): Promise<{ failures: string[]; metrics: R[] }> {
  let out: { records: R[] }[] = [];
  const failures = await runBatches(batches, (stream) => {
    model.trainOn(stream);
    out = collectOutput(model.evaluateOn(stream));
  });
  return { failures, metrics: out.map((b) => b.records[0]!) };
}
