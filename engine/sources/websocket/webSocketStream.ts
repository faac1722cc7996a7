import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { WebSocketReceiver, type WebSocketReceiverOptions } from "./WebSocketReceiver";

/** Options of ssc.webSocketStream (WebSocketReceiver's, and maxRate). */
export interface WebSocketStreamOptions extends ReceiverStreamOptions, WebSocketReceiverOptions {}

/**
 * See StreamingContext.webSocketStream; WebSocketReceiver says how it reconnects and what it loses.
 *
 * @example webSocketStream(ssc, "ws://localhost:8080/trades", { json: true, maxRate: 1000 }).print()
 */
export function webSocketStream<T>(
  ssc: StreamingContext,
  url: string,
  options: WebSocketStreamOptions = {},
): ReceiverInputDStream<T> {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "ws:" && protocol !== "wss:") {
    throw new IllegalArgumentError(
      `webSocketStream: ${String(url)} is not a ws:// or wss:// URL. Fix: pass the server's WebSocket URL, ` +
        'e.g. "ws://localhost:8080/trades".',
    );
  }
  requirePositive(options.maxMessageBytes, "webSocketStream: maxMessageBytes", "1048576 (1 MiB)");
  requirePositive(options.handshakeTimeoutMs, "webSocketStream: handshakeTimeoutMs", "10000");
  const { json, maxMessageBytes, headers, handshakeTimeoutMs, ...streamOptions } = options;
  const receiver = new WebSocketReceiver<T>(url, { json, maxMessageBytes, headers, handshakeTimeoutMs });
  return new ReceiverInputDStream(ssc, receiver, streamOptions, "webSocketStream");
}
