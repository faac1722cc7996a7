import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { NdjsonHttpReceiver, type NdjsonHttpReceiverOptions } from "./NdjsonHttpReceiver";

/** Options of ssc.ndjsonHttpStream. */
export interface NdjsonHttpStreamOptions extends ReceiverStreamOptions, NdjsonHttpReceiverOptions {}

/**
 * See StreamingContext.ndjsonHttpStream; NdjsonHttpReceiver says how it reconnects and what it loses.
 *
 * @example
 * ndjsonHttpStream(ssc, "http://localhost:8089/stream", { headers: { authorization: "Bearer t" } }).print()
 */
export function ndjsonHttpStream<T>(
  ssc: StreamingContext,
  url: string,
  options: NdjsonHttpStreamOptions = {},
): ReceiverInputDStream<T> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new IllegalArgumentError(
      `ndjsonHttpStream: ${JSON.stringify(url)} is not a URL. Fix: pass a full URL, e.g. "http://localhost:8089/stream".`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new IllegalArgumentError(
      `ndjsonHttpStream: the URL must be http: or https:; got ${parsed.protocol}. Fix: pass e.g. ` +
        '"https://api.example.com/stream" (for ws: use ssc.webSocketStream).',
    );
  }
  requirePositive(options.maxLineBytes, "ndjsonHttpStream: maxLineBytes", "1048576 (1 MiB)");
  requirePositive(options.responseTimeoutMs, "ndjsonHttpStream: responseTimeoutMs", "10000");
  const { headers, maxLineBytes, responseTimeoutMs, ...streamOptions } = options;
  const receiver = new NdjsonHttpReceiver<T>(parsed, { headers, maxLineBytes, responseTimeoutMs });
  return new ReceiverInputDStream(ssc, receiver, streamOptions, "ndjsonHttpStream");
}
