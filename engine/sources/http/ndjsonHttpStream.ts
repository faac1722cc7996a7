import type { ReceiverInputDStream, ReceiverStreamOptions } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";

/** Options of ssc.ndjsonHttpStream. */
export interface NdjsonHttpStreamOptions extends ReceiverStreamOptions {
  /** Request headers, e.g. `{ authorization: "Bearer <token>" }`. */
  headers?: Record<string, string>;
}

/** See StreamingContext.ndjsonHttpStream. */
export function ndjsonHttpStream<T>(
  _ssc: StreamingContext,
  _url: string,
  _options: NdjsonHttpStreamOptions = {},
): ReceiverInputDStream<T> {
  throw new Error("ndjsonHttpStream: not implemented yet");
}
