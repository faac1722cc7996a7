import type { ReceiverInputDStream, ReceiverStreamOptions } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";

/** Options of ssc.socketTextStream. */
export interface SocketTextStreamOptions extends ReceiverStreamOptions {
  /** The longest line accepted, in bytes. Default 1 MiB. */
  maxLineBytes?: number;
}

/** See StreamingContext.socketTextStream. */
export function socketTextStream(
  _ssc: StreamingContext,
  _hostname: string,
  _port: number,
  _options: SocketTextStreamOptions = {},
): ReceiverInputDStream<string> {
  throw new Error("socketTextStream: not implemented yet");
}
