import { type Duration, StreamingContext, type StreamingContextOptions } from "../../engine";
import { sc } from "./sc";
import { sessionHooks } from "./sessionHooks";

/**
 * A new StreamingContext on the session's `sc`, for notebooks. Only one context may be active
 * per process, so this first stops the active one (without waiting for its running batch):
 * re-running the cell that builds a stream replaces the old stream instead of failing.
 *
 * @example
 * const ssc = streamingContext(Milliseconds(500));
 * ssc.generatorStream(sentenceGenerator()).flatMap((l) => l.split(" ")).countByValue().print();
 * ssc.start();
 */
export function streamingContext(
  batchDuration: Duration,
  options: StreamingContextOptions = {},
): StreamingContext {
  const previous = StreamingContext.getActive();
  if (previous) void previous.stop().catch(() => {});
  const ssc = new StreamingContext(sc, batchDuration, {
    logErrors: !sessionHooks.kernelReportsErrors,
    ...options,
  });
  for (const hook of sessionHooks.onStreamingContext) hook(ssc);
  return ssc;
}
