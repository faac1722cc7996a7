import type { ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { HttpInputDStream } from "./HttpInputDStream";
import { HttpPushReceiver, type HttpPushReceiverOptions } from "./HttpPushReceiver";
import type { PushFormat } from "./parsePushedBody";

/** Options of ssc.httpStream (HttpPushReceiver's, and maxRate). */
export interface HttpStreamOptions extends ReceiverStreamOptions, HttpPushReceiverOptions {}

const FORMATS: readonly PushFormat[] = ["auto", "json", "ndjson", "text", "flume"];

/**
 * See StreamingContext.httpStream; HttpPushReceiver says what it answers and what it loses, and
 * parsePushedBody how each format is read. The stream's `url` says where to POST.
 *
 * @example
 * const events = httpStream(ssc, { port: 0, token: "s3cret" });
 * ssc.start(); // curl -H 'Authorization: Bearer s3cret' -d '[{"x":1}]' <events.url>
 */
export function httpStream<T>(ssc: StreamingContext, options: HttpStreamOptions): HttpInputDStream<T> {
  const { port, host, path, token, format, maxBodyBytes, ...streamOptions } =
    options ?? ({} as HttpStreamOptions);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new IllegalArgumentError(
      `httpStream: the port must be an integer from 0 to 65535; got ${String(port)}. Fix: pass e.g. ` +
        "{ port: 8088 }, or { port: 0 } for any free port (the stream's url then tells which).",
    );
  }
  if (path !== undefined && !(typeof path === "string" && path.startsWith("/"))) {
    throw new IllegalArgumentError(
      `httpStream: path must start with "/"; got ${String(path)}. Fix: pass e.g. "/events".`,
    );
  }
  if (token !== undefined && !(typeof token === "string" && token.length > 0)) {
    throw new IllegalArgumentError(
      "httpStream: token must be a non-empty string. Fix: pass the token senders will send as " +
        "`Authorization: Bearer <token>`, or leave it out to accept requests without one.",
    );
  }
  if (format !== undefined && !FORMATS.includes(format)) {
    throw new IllegalArgumentError(
      `httpStream: format must be one of ${FORMATS.join(", ")}; got ${String(format)}. Fix: leave it out ` +
        "to go by each request's Content-Type.",
    );
  }
  requirePositive(maxBodyBytes, "httpStream: maxBodyBytes", "16777216 (16 MiB)");
  const receiver = new HttpPushReceiver<T>({ port, host, path, token, format, maxBodyBytes });
  return new HttpInputDStream(ssc, receiver, streamOptions);
}
