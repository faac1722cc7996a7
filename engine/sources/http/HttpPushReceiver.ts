import { createHash, timingSafeEqual } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { errorMessage } from "../../errors";
import { Receiver } from "../../receiver/Receiver";
import { bindProblem } from "./bindProblem";
import { type PushFormat, parsePushedBody } from "./parsePushedBody";
import { replyJson } from "./replyJson";

/** Where an HttpPushReceiver listens and what it takes. */
export interface HttpPushReceiverOptions {
  /** The port to listen on (0: any free port; `url` then tells which). */
  port: number;
  /** Default "127.0.0.1" (this machine only); "0.0.0.0" listens on every interface. */
  host?: string;
  /** The path to POST to. Default "/". */
  path?: string;
  /** When set, requests must carry `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /** How bodies are read. Default "auto": by Content-Type (see parsePushedBody). */
  format?: PushFormat;
  /** The largest body accepted, in bytes; larger ones get 413. Default 16 MiB. */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * An HTTP endpoint that takes POSTed records (behind ssc.httpStream). Each request's records are
 * stored as one block, all or nothing, and the answer comes only then: 200 `{"stored": n}` once
 * stored (so a sender that gets anything else, or no answer, can send again); 400 for a malformed
 * body, 413 for one over `maxBodyBytes`, 415 for a Content-Type it does not read, 401 without the
 * token, 404 on another path, 405 for a method other than POST (GET answers a small status), 503
 * when the records could not be stored. Each error answer is JSON `{"error": "... Fix: ..."}`; a
 * refused body also counts as a bad record on the receiver's status.
 *
 * Backpressure: over its rate, a request's block waits for the rate limiter before it is stored,
 * so a sender over the rate simply gets slower 200s. Memory holds the bodies of the requests in
 * flight (at most `maxBodyBytes` each).
 *
 * When the port is in use or not allowed, the status says so with the fix, and it retries with
 * backoff. With port 0 the first port bound is kept across restarts, so `url` stays the same.
 *
 * What it loses: nothing a 200 acknowledged, until its batch has run (records live in memory: a
 * crash of the process loses stored records of batches not yet run). A request still being read
 * when the stream stops or restarts is cut off unanswered and nothing of it is stored; one whose
 * records wait for the rate limiter is still stored and answered.
 *
 * @example
 * const receiver = new HttpPushReceiver({ port: 0 });
 * ssc.receiverStream(receiver).print();
 * ssc.start(); // then: curl -d '[{"x":1}]' <receiver.url>
 */
export class HttpPushReceiver<T = unknown> extends Receiver<T> {
  readonly host: string;
  readonly path: string;
  readonly format: PushFormat;
  readonly maxBodyBytes: number;
  private readonly tokenDigest: Buffer | undefined;
  private server: http.Server | undefined;
  /** The port bound first: a restart binds it again. */
  private boundPort: number | undefined;
  /** Requests whose body is being read: cut off on stop (nothing of theirs is stored yet). */
  private readonly reading = new Set<http.IncomingMessage>();
  /** Requests whose records wait to be stored (for the rate limiter). */
  private storing = 0;
  /** 401s are reported once per run of them, so a misconfigured sender does not flood listeners. */
  private unauthorizedReported = false;

  constructor(private readonly options: HttpPushReceiverOptions) {
    super();
    this.host = options.host ?? "127.0.0.1";
    this.path = options.path ?? "/";
    this.format = options.format ?? "auto";
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.tokenDigest = options.token === undefined ? undefined : sha256(options.token);
  }

  /** Where to POST, e.g. `http://127.0.0.1:54321/`; with port 0, undefined until it is bound. */
  get url(): string | undefined {
    const port = this.boundPort ?? (this.options.port || undefined);
    return port === undefined ? undefined : this.urlWith(String(port));
  }

  /** Requests being read or waiting for their records to be stored: the bodies held in memory. */
  get pendingRequests(): number {
    return this.reading.size + this.storing;
  }

  override get name(): string {
    return `http endpoint ${this.url ?? this.urlWith("(any free port)")}`;
  }

  onStart(): Promise<void> {
    const server = http.createServer((req, res) => this.handle(server, req, res));
    this.server = server;
    const port = this.boundPort ?? this.options.port;
    return new Promise<void>((resolve, reject) => {
      server.once("error", (e) => reject(new Error(bindProblem(this.host, port, e))));
      server.listen(port, this.host, () => {
        server.removeAllListeners("error");
        server.on("error", (e) => {
          if (this.server === server) this.restart(`${this.name} failed`, e);
        });
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  onStop(): void {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.close();
    for (const req of this.reading) req.socket.destroy();
    this.reading.clear();
    // Requests waiting for their records to be stored keep their connection: they are answered
    // (with Connection: close) once stored, so the sender knows not to send them again.
    server.closeIdleConnections();
  }

  private handle(server: http.Server, req: http.IncomingMessage, res: http.ServerResponse): void {
    // A sender that hangs up mid-request gets no answer and nothing is stored: not a crash.
    req.on("error", () => {});
    res.on("error", () => {});
    if (!this.answeredFromHeaders(server, req, res)) this.readBody(server, req, res);
  }

  /** Answers what the request line and headers decide; false when the body is to be read. */
  private answeredFromHeaders(
    server: http.Server,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): boolean {
    const path = (req.url ?? "/").split("?")[0];
    if (this.server !== server) this.stopped(res);
    else if (path !== this.path) {
      replyJson(
        res,
        404,
        { error: `nothing is served at ${path}. Fix: POST the records to ${this.url}.` },
        true,
      );
    } else if (req.method === "GET" || req.method === "HEAD") {
      replyJson(res, 200, {
        url: this.url,
        accepts: "POST: a JSON array, NDJSON, text lines or Flume events",
      });
    } else if (req.method !== "POST") {
      res.setHeader("Allow", "POST, GET");
      const error = `${req.method} is not accepted. Fix: POST the records to ${this.url}.`;
      replyJson(res, 405, { error }, true);
    } else if (!this.authorized(req)) this.unauthorized(req, res);
    else if (Number(req.headers["content-length"]) > this.maxBodyBytes) this.tooLarge(res);
    else return false;
    return true;
  }

  private readBody(server: http.Server, req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    this.reading.add(req);
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.maxBodyBytes) chunks.push(chunk);
      else if (this.reading.delete(req)) {
        // Stop reading now: the rest of an oversized body is not worth taking in.
        req.pause();
        chunks.length = 0;
        this.tooLarge(res);
      }
    });
    req.on("end", () => {
      if (this.reading.delete(req)) void this.storeBody(server, req, res, Buffer.concat(chunks, size));
    });
    req.on("close", () => this.reading.delete(req));
  }

  private async storeBody(
    server: http.Server,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
  ): Promise<void> {
    const parsed = parsePushedBody(body, req.headers["content-type"], this.format);
    if ("problem" in parsed) {
      this.reportBadRecord(`${this.name}: a POST was refused (${parsed.status}): ${parsed.problem}`);
      return replyJson(res, parsed.status, {
        error: `${parsed.problem} Nothing of this request was stored.`,
        stored: 0,
      });
    }
    if (this.server !== server) return this.stopped(res);
    const records = parsed.records as T[];
    this.storing++;
    try {
      if (records.length > 0) await this.storeBlock(records);
      // Stopped meanwhile: the answer ends the connection, as the server no longer listens.
      replyJson(res, 200, { stored: records.length }, this.server !== server);
    } catch (e) {
      const error = `the records were not stored (${errorMessage(e)}). Fix: send them again once the stream runs.`;
      replyJson(res, 503, { error, stored: 0 }, this.server !== server);
    } finally {
      this.storing--;
    }
  }

  /** The bearer token sent, if any. */
  private tokenOf(req: http.IncomingMessage): string | undefined {
    return /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  }

  private authorized(req: http.IncomingMessage): boolean {
    if (!this.tokenDigest) return true;
    const given = this.tokenOf(req);
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    const ok = given !== undefined && timingSafeEqual(sha256(given), this.tokenDigest);
    if (ok) this.unauthorizedReported = false;
    return ok;
  }

  private unauthorized(req: http.IncomingMessage, res: http.ServerResponse): void {
    const problem = `came ${this.tokenOf(req) === undefined ? "without a token" : "with a wrong token"} (401)`;
    const fix = "Fix: send the header `Authorization: Bearer <token>`, with the token given to httpStream.";
    if (!this.unauthorizedReported) {
      this.unauthorizedReported = true;
      this.reportError(`${this.name}: a POST ${problem}. ${fix}`);
    }
    res.setHeader("WWW-Authenticate", "Bearer");
    replyJson(res, 401, { error: `this request ${problem}. ${fix}` }, true);
  }

  private tooLarge(res: http.ServerResponse): void {
    const problem =
      `a POST of more than ${this.maxBodyBytes} bytes was refused (413). Fix: send the records in smaller ` +
      "requests, or raise maxBodyBytes.";
    this.reportBadRecord(`${this.name}: ${problem}`);
    replyJson(res, 413, { error: `${problem} Nothing of this request was stored.`, stored: 0 }, true);
  }

  private stopped(res: http.ServerResponse): void {
    const error =
      "the stream is restarting or stopped, so nothing was stored. Fix: send the request again later.";
    replyJson(res, 503, { error }, true);
  }

  private urlWith(port: string): string {
    const host = this.host.includes(":") ? `[${this.host}]` : this.host;
    return `http://${host}:${port}${this.path}`;
  }
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
