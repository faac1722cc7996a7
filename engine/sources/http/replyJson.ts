import type { ServerResponse } from "node:http";

/**
 * Answers an HTTP request with `status` and `body` as JSON, unless it was answered already or its
 * connection is gone. `close` ends the connection after the answer: for a request whose body was
 * not read (the rest of it must not be taken for the next request), or once the server has stopped.
 *
 * @example replyJson(res, 413, { error: "... Fix: ..." }, true);
 */
export function replyJson(res: ServerResponse, status: number, body: object, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
    ...(close ? { connection: "close" } : {}),
  });
  res.end(json);
}
