import * as http from "node:http";
import * as https from "node:https";
import { errorMessage } from "../../errors";
import { Receiver } from "../../receiver/Receiver";
import { connectionProblem } from "../connectionProblem";
import { LineSplitter } from "../lines/LineSplitter";

/** How an NdjsonHttpReceiver asks for its stream. */
export interface NdjsonHttpReceiverOptions {
  /** Request headers, e.g. `{ authorization: "Bearer <token>" }`. */
  headers?: Record<string, string>;
  /** The longest line accepted, in bytes (without its newline). Default 1 MiB. */
  maxLineBytes?: number;
  /** Wall-clock ms to wait for the response's headers before retrying. Default 10 s. */
  responseTimeoutMs?: number;
}

const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;

/**
 * Reads a long-lived HTTP response of newline-delimited JSON (the shape of X's filtered stream):
 * a GET to `url`, each line parsed with JSON.parse into a record. Blank lines (keep-alives) are
 * skipped; a line that is not JSON, not UTF-8, or longer than `maxLineBytes` is counted as a bad
 * record. When the server is not there, answers with an error status, does not answer within
 * `responseTimeoutMs`, or ends the response, it reconnects with the supervisor's backoff (after
 * a 429, when the server's Retry-After says), the problem and the fix on its status.
 *
 * Over its rate it pauses the response, so TCP flow control holds the server back and memory stays
 * bounded; nothing is dropped.
 *
 * What it loses (it is unreliable): lines in flight or in the kernel's buffers when the connection
 * drops, including a partial last line (unless the server replays them on reconnect); lines the
 * server sends while nobody is connected; and records stored but not yet in a finished batch if
 * the process dies (there is no write-ahead log).
 *
 * @example
 * const tweets = ssc.receiverStream(
 *   new NdjsonHttpReceiver<{ data: { text: string } }>(new URL("http://localhost:8089/stream"), {
 *     headers: { authorization: `Bearer ${token}` },
 *   }),
 * );
 */
export class NdjsonHttpReceiver<T> extends Receiver<T> {
  private request: http.ClientRequest | undefined;
  private response: http.IncomingMessage | undefined;
  private responseTimer: NodeJS.Timeout | undefined;
  private readonly splitter: LineSplitter;
  private readonly headers: Record<string, string>;
  private readonly responseTimeoutMs: number;
  /** Over the rate: a response opened by a restart starts paused too. */
  private paused = false;

  constructor(
    readonly url: URL,
    options: NdjsonHttpReceiverOptions = {},
  ) {
    super();
    this.headers = { accept: "application/x-ndjson, application/json", ...options.headers };
    this.responseTimeoutMs = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
    this.splitter = new LineSplitter({
      maxLineBytes: options.maxLineBytes,
      onBadLine: (problem) => this.reportBadRecord(`${this.name}: ${problem}`),
    });
  }

  override get name(): string {
    return `ndjson ${this.location}`;
  }

  /** The URL without credentials or query (which may hold tokens), for messages. */
  private get location(): string {
    return `${this.url.origin}${this.url.pathname}`;
  }

  onStart(): void {
    this.splitter.reset();
    const request = this.url.protocol === "https:" ? https.request : http.request;
    // agent: false: a connection of its own; a keep-alive pool could hand a restart a socket the
    // server has already closed.
    const req = request(this.url, { method: "GET", headers: this.headers, agent: false });
    this.request = req;
    // Each handler checks that its request is still the current one: events of a request ended by
    // a restart must not restart the next one. The "error" listener stays, so none is uncaught.
    req.on("error", (e) => {
      if (this.request === req) this.restart(connectionProblem(this.url.host, e), e);
    });
    req.on("response", (res) => {
      if (this.request !== req) return void res.resume();
      clearTimeout(this.responseTimer);
      this.read(res);
    });
    this.responseTimer = setTimeout(() => {
      if (this.request === req) this.restart(this.noResponse());
    }, this.responseTimeoutMs);
    req.end();
  }

  onStop(): void {
    clearTimeout(this.responseTimer);
    const req = this.request;
    this.request = this.response = undefined;
    req?.destroy();
  }

  override onPause(): void {
    this.paused = true;
    this.response?.pause();
  }

  override onResume(): void {
    this.paused = false;
    this.response?.resume();
  }

  private read(res: http.IncomingMessage): void {
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      // The error body is not read: the restart destroys the request.
      const retryAfter = status === 429 ? retryAfterMs(res.headers) : undefined;
      this.restart(this.refused(status, res.statusMessage ?? "", retryAfter), undefined, retryAfter);
      return;
    }
    this.response = res;
    res.on("data", (chunk: Buffer) => {
      if (this.response !== res) return;
      const lines = this.splitter.push(chunk);
      for (let i = 0; i < lines.length; i++) this.storeLine(lines[i]!);
    });
    res.on("end", () => {
      if (this.response !== res) return;
      for (const line of this.splitter.end()) this.storeLine(line);
      this.restart(this.ended());
    });
    res.on("error", (e) => {
      if (this.response === res) this.restart(connectionProblem(this.url.host, e), e);
    });
    res.on("close", () => {
      if (this.response === res) this.restart(this.ended());
    });
    if (this.paused) res.pause();
  }

  private storeLine(line: string): void {
    if (line.length === 0) return; // a keep-alive
    let record: T;
    try {
      record = JSON.parse(line);
    } catch (e) {
      if (line.trim() === "") return;
      this.reportBadRecord(
        `${this.name}: a line is not valid JSON (${errorMessage(e)}) and was set aside. Fix: send one JSON ` +
          "value per line (NDJSON), each line ended by a newline.",
      );
      return;
    }
    this.store(record);
  }

  private refused(status: number, text: string, retryAfter: number | undefined): string {
    const answer = `${this.url.host} answered HTTP ${status}${text ? ` ${text}` : ""}`;
    if (status === 401 || status === 403) {
      return (
        `${answer}: the credentials were refused. Fix: check the Authorization header (e.g. { headers: ` +
        '{ authorization: "Bearer <token>" } }) and that the token is valid for this stream; reconnecting with backoff.'
      );
    }
    if (status === 429) {
      const when = retryAfter === undefined ? "with backoff" : `in ${retryAfter} ms, as the server asked`;
      return (
        `${answer}: too many connections or requests. Fix: open one stream per token and reconnect less ` +
        `often; reconnecting ${when}.`
      );
    }
    return (
      `${answer} instead of a stream. Fix: check the URL (${this.location}) and the ` +
      "server's log; reconnecting with backoff."
    );
  }

  private noResponse(): string {
    return (
      `${this.url.host} did not answer within ${this.responseTimeoutMs} ms (no response headers). Fix: check ` +
      "that the URL is the stream's and the server is healthy, or raise responseTimeoutMs; reconnecting with backoff."
    );
  }

  private ended(): string {
    return (
      `${this.url.host} ended the response (lines received before it ended were stored). Fix: nothing, if the ` +
      "server closes streams now and then; otherwise check its log. Reconnecting with backoff."
    );
  }
}

/**
 * The wait a 429 asks for: Retry-After in seconds or as an HTTP date, else X's
 * x-rate-limit-reset (epoch seconds); undefined when neither is there or readable.
 */
function retryAfterMs(headers: http.IncomingHttpHeaders): number | undefined {
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined) {
    const ms = /^\d+$/.test(retryAfter.trim())
      ? Number(retryAfter) * 1000
      : Date.parse(retryAfter) - Date.now();
    return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
  }
  const reset = Number(headers["x-rate-limit-reset"]);
  return reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined;
}
