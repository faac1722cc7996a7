import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { errorMessage } from "../../errors";
import { Receiver } from "../../receiver/Receiver";
import { webSocketProblem } from "./webSocketProblem";

/** How a WebSocketReceiver reads its server. */
export interface WebSocketReceiverOptions {
  /** Parse each message as JSON (records are the parsed values). Default false: the text. */
  json?: boolean;
  /** The largest message accepted, in bytes (ws's maxPayload). Default 1 MiB. */
  maxMessageBytes?: number;
  /** Headers of the opening handshake, e.g. `{ authorization: "Bearer <token>" }`. */
  headers?: Record<string, string>;
  /** Wall-clock ms the opening handshake may take before it is given up and retried. Default 10 s. */
  handshakeTimeoutMs?: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Reads the messages of a WebSocket server (behind ssc.webSocketStream), one record each: the
 * text, or with `json` the parsed value. A binary message is read as UTF-8 text. A message that is
 * not valid UTF-8 or (with `json`) not valid JSON is counted as a bad record and skipped.
 *
 * When the server is not there, refuses the handshake (401/403: the credentials, with the fix),
 * closes the connection, or sends a message over `maxMessageBytes` (ws closes with 1009), it
 * restarts (reconnects) with the supervisor's backoff, the problem and the fix on its status.
 *
 * Over its rate it pauses the socket (`ws.pause()`), so the server's sends queue up in its own
 * buffers and TCP's: memory stays bounded and nothing is dropped.
 *
 * What it loses (it is unreliable: WebSocket has no acknowledgements to replay from): messages in
 * flight or still in the socket's buffers when the connection drops (including those behind an
 * oversized message), messages the server sends while nobody is connected, and records stored but
 * not yet in a finished batch if the process dies.
 *
 * @example
 * ssc.receiverStream(new WebSocketReceiver("ws://localhost:8080/trades", { json: true })).print();
 */
export class WebSocketReceiver<T = unknown> extends Receiver<T> {
  readonly json: boolean;
  readonly maxMessageBytes: number;
  private ws: WebSocket | undefined;
  /** Over the rate: a connection opened by a restart starts paused too. */
  private paused = false;

  constructor(
    readonly url: string,
    private readonly options: WebSocketReceiverOptions = {},
  ) {
    super();
    this.json = options.json ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  override get name(): string {
    return `websocket ${this.url}`;
  }

  onStart(): void {
    const ws = new WebSocket(this.url, {
      maxPayload: this.maxMessageBytes,
      handshakeTimeout: this.options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      ...(this.options.headers ? { headers: this.options.headers } : {}),
    });
    this.ws = ws;
    // Every handler first checks that its connection is still the current one: events of one
    // closed by a restart must not restart the next. They stay attached, so a late error of a
    // closed connection is never unhandled.
    ws.on("open", () => {
      if (this.ws === ws && this.paused) ws.pause();
    });
    ws.on("message", (data, isBinary) => {
      if (this.ws === ws) this.receive(data, isBinary);
    });
    ws.on("unexpected-response", (_req, res) => {
      res.resume();
      if (this.ws === ws) this.restart(this.handshakeRefused(res));
      ws.terminate(); // handling this event makes ending the handshake ours
    });
    ws.on("error", (e) => {
      if (this.ws !== ws) return;
      if ((e as NodeJS.ErrnoException).code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
        this.reportBadRecord(
          `${this.name}: a message of more than ${this.maxMessageBytes} bytes was set aside. Fix: send ` +
            "smaller messages, or raise maxMessageBytes.",
        );
      }
      this.restart(webSocketProblem(this.url, e, this.maxMessageBytes), e);
    });
    ws.on("close", (code, reason) => {
      if (this.ws === ws) this.restart(this.closed(code, reason.toString()));
    });
  }

  onStop(): void {
    const ws = this.ws;
    this.ws = undefined;
    if (!ws) return;
    if (this.isStopped() && ws.readyState === WebSocket.OPEN) {
      // A clean goodbye; resumed, so the server's answer to the close is read.
      ws.resume();
      ws.close(1000, "the stream stopped");
    } else ws.terminate();
  }

  override onPause(): void {
    this.paused = true;
    this.ws?.pause();
  }

  override onResume(): void {
    this.paused = false;
    this.ws?.resume();
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    const bytes = Buffer.isBuffer(data)
      ? data
      : Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.from(data);
    // ws has checked text messages already (invalid UTF-8 closes with 1007); binary is on us.
    if (isBinary && !isUtf8(bytes)) {
      this.reportBadRecord(
        `${this.name}: a binary message of ${bytes.length} bytes is not valid UTF-8 and was set aside. ` +
          "Fix: send text, or binary messages holding UTF-8 text.",
      );
      return;
    }
    const text = bytes.toString("utf8");
    if (!this.json) {
      this.store(text as T);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.reportBadRecord(
        `${this.name}: a message is not valid JSON (${errorMessage(e)}) and was set aside. Fix: send one ` +
          "JSON value per message, or leave json off to get the text.",
      );
      return;
    }
    this.store(value as T);
  }

  private handshakeRefused(res: IncomingMessage): string {
    const status = `HTTP ${res.statusCode} ${res.statusMessage ?? ""}`.trim();
    if (res.statusCode === 401 || res.statusCode === 403) {
      return (
        `${this.url} refused the credentials (${status}). Fix: pass them in headers, e.g. ` +
        '{ headers: { authorization: "Bearer <token>" } }, and check the token; reconnecting with backoff.'
      );
    }
    return (
      `${this.url} answered ${status} instead of opening a WebSocket. Fix: check that the URL (path ` +
      "included) is the server's WebSocket endpoint; reconnecting with backoff."
    );
  }

  private closed(code: number, reason: string): string {
    return (
      `${this.url} closed the connection (code ${code}${reason ? `: ${reason}` : ""}); messages in flight are ` +
      "lost. Fix: check the server's log for why it closed; reconnecting with backoff."
    );
  }
}
