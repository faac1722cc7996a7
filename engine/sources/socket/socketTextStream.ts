import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { SocketReceiver, type SocketReceiverOptions } from "./SocketReceiver";

/** Options of ssc.socketTextStream. */
export interface SocketTextStreamOptions extends ReceiverStreamOptions, SocketReceiverOptions {}

/**
 * See StreamingContext.socketTextStream; SocketReceiver says how it reconnects and what it loses.
 *
 * @example socketTextStream(ssc, "localhost", 9999, { maxRate: 10_000 }).count().print()
 */
export function socketTextStream(
  ssc: StreamingContext,
  hostname: string,
  port: number,
  options: SocketTextStreamOptions = {},
): ReceiverInputDStream<string> {
  if (typeof hostname !== "string" || hostname === "") {
    throw new IllegalArgumentError(
      `socketTextStream: the host must be a non-empty string; got ${String(hostname)}. Fix: pass e.g. "localhost".`,
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new IllegalArgumentError(
      `socketTextStream: the port must be an integer from 1 to 65535; got ${String(port)}. Fix: pass the port ` +
        "the server listens on, e.g. 9999.",
    );
  }
  requirePositive(options.maxLineBytes, "socketTextStream: maxLineBytes", "1048576 (1 MiB)");
  requirePositive(options.connectTimeoutMs, "socketTextStream: connectTimeoutMs", "10000");
  const { maxLineBytes, connectTimeoutMs, ...streamOptions } = options;
  const receiver = new SocketReceiver(hostname, port, { maxLineBytes, connectTimeoutMs });
  return new ReceiverInputDStream(ssc, receiver, streamOptions, "socketTextStream");
}
