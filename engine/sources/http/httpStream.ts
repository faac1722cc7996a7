import type { ReceiverInputDStream, ReceiverStreamOptions } from "../../dstream/internal";
import type { StreamingContext } from "../../streaming/StreamingContext";

/** Options of ssc.httpStream. */
export interface HttpStreamOptions extends ReceiverStreamOptions {
  /** The port to listen on (0: any free port). */
  port: number;
  /** Default "127.0.0.1" (loopback only). */
  host?: string;
  /** Default "/". */
  path?: string;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
}

/** See StreamingContext.httpStream. */
export function httpStream<T>(_ssc: StreamingContext, _options: HttpStreamOptions): ReceiverInputDStream<T> {
  throw new Error("httpStream: not implemented yet");
}
