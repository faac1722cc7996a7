import type { ReceiverInputDStream, ReceiverStreamOptions } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";

/** Options of ssc.webSocketStream. */
export interface WebSocketStreamOptions extends ReceiverStreamOptions {
  /** Parse each message as JSON (records are the parsed values). Default false: text. */
  json?: boolean;
}

/** See StreamingContext.webSocketStream. */
export function webSocketStream<T>(
  _ssc: StreamingContext,
  _url: string,
  _options: WebSocketStreamOptions = {},
): ReceiverInputDStream<T> {
  throw new Error("webSocketStream: not implemented yet");
}
