import { Receiver } from "../../receiver/Receiver";
import { decodePayload, type PayloadFormat } from "../mqtt/decodePayload";
import type { NatsConnection, NatsConnector, NatsMessage, NatsStop } from "./NatsConnection";
import type { NatsRecord } from "./NatsRecord";
import { natsProblem } from "./natsProblem";
import { openNatsConnection } from "./openNatsConnection";

/** Where and how a NATS receiver connects, and how it reads payloads. */
export interface NatsReceiverOptions {
  /** One server URL or several (the client tries them in turn), e.g. "nats://localhost:4222". */
  servers: string | string[];
  user?: string;
  pass?: string;
  token?: string;
  /** Parse each message's data as JSON. Default false: the UTF-8 text. */
  json?: boolean;
  /** The data as Buffers, unread. Default false. */
  binary?: boolean;
  /** Wall-clock ms a connection may take before it is given up and retried. Default 10 s. */
  connectTimeoutMs?: number;
}

/** How an NatsJetStreamReceiver reads its consumer. */
export interface NatsJetStreamReceiverOptions extends NatsReceiverOptions {
  /** The JetStream stream. */
  stream: string;
  /** The durable pull consumer on it (created beforehand, with ack policy explicit). */
  consumer: string;
  /** Messages pulled ahead of what has been read. Default 1,000. */
  maxMessages?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_MESSAGES = 1000;

/**
 * Reads a durable pull consumer of a NATS JetStream stream (behind ssc.natsStream), one NatsRecord
 * each, reliably: the messages that came in one burst are stored as one block (`storeBlock`) and
 * only once it is stored is each acknowledged. A message not acknowledged — received by a receiver
 * that failed or stopped, whose block was not stored — the server delivers again once the
 * consumer's `ack_wait` has passed (30 s by default; at once for those it still held when it stopped,
 * which it naks); the consumer itself keeps its place across restarts and processes. So nothing is
 * lost, and a record may be stored twice (at least once): the same `seq`, usually `redelivered`. Each block's metadata holds the stream sequence range
 * it covers (`firstSeq`, `lastSeq`), which the batch's StreamInputInfo shows.
 *
 * A message that is not valid UTF-8 (or JSON, with `json`) is counted as a bad record and
 * acknowledged with its block, so it does not come back. When the server is not there, refuses the
 * credentials, has no JetStream, no such stream or consumer, or goes away, it restarts with the
 * supervisor's backoff, the problem and the fix on its status.
 *
 * @example
 * ssc.receiverStream(new NatsJetStreamReceiver({ servers: "nats://localhost:4222", stream: "ORDERS", consumer: "dstream" }));
 */
export class NatsJetStreamReceiver<D = string> extends Receiver<NatsRecord<D>> {
  readonly servers: string[];
  private readonly format: PayloadFormat;
  private conn: NatsConnection | undefined;
  private stopConsuming: NatsStop | undefined;
  private pending: NatsRecord<D>[] = [];
  private pendingMessages: NatsMessage[] = [];
  /** Received on the current connection and not acknowledged: told to come again on stop. */
  private unacknowledged = new Set<NatsMessage>();
  private flushScheduled = false;

  constructor(
    private readonly options: NatsJetStreamReceiverOptions,
    private readonly connector: NatsConnector = openNatsConnection,
  ) {
    super();
    this.servers = typeof options.servers === "string" ? [options.servers] : options.servers;
    this.format = options.binary ? "binary" : options.json ? "json" : "text";
  }

  override get name(): string {
    return `nats ${this.servers.join(",")} stream ${this.options.stream} consumer ${this.options.consumer}`;
  }

  async onStart(): Promise<void> {
    this.pending = [];
    this.pendingMessages = [];
    this.unacknowledged = new Set();
    const target = { stream: this.options.stream, consumer: this.options.consumer };
    let conn: NatsConnection;
    try {
      conn = await this.connector({
        servers: this.servers,
        name: `dstream-lab ${this.options.consumer}`,
        timeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        user: this.options.user,
        pass: this.options.pass,
        token: this.options.token,
      });
    } catch (e) {
      this.restart(natsProblem(this.servers.join(","), e, target), e);
      return;
    }
    this.conn = conn;
    void conn.closed.then((e) => {
      if (this.conn === conn) this.restart(this.wentAway(e), e);
    });
    try {
      this.stopConsuming = await conn.consume(
        this.options.stream,
        this.options.consumer,
        { maxMessages: this.options.maxMessages ?? DEFAULT_MAX_MESSAGES },
        (m) => {
          if (this.conn === conn) this.receive(conn, m);
        },
      );
    } catch (e) {
      if (this.conn === conn) this.restart(natsProblem(this.servers.join(","), e, target), e);
    }
  }

  async onStop(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.stopConsuming?.();
    this.stopConsuming = undefined;
    // Not acknowledged (not stored, or stored after the connection closed): told so, the server
    // sends them again at once rather than after ack_wait.
    for (const m of this.unacknowledged) safely(() => m.nak?.());
    this.unacknowledged = new Set();
    this.pending = [];
    this.pendingMessages = [];
    await conn?.close().catch(() => {});
  }

  private receive(conn: NatsConnection, m: NatsMessage): void {
    const decoded = decodePayload(m.data, this.format);
    if (decoded.ok) {
      this.pending.push({
        subject: m.subject,
        data: decoded.value as D,
        headers: m.headers,
        seq: m.streamSequence,
        redelivered: m.redelivered === true,
      });
    } else {
      // Counted, then acknowledged with its block: it would only come back the same.
      this.reportBadRecord(
        `${this.name}: on subject ${m.subject} (seq ${m.streamSequence}), ${decoded.problem}`,
      );
    }
    this.pendingMessages.push(m);
    this.unacknowledged.add(m);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the client has handled everything this read of the socket brought: one block per burst.
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.conn === conn) this.flush(conn);
      });
    }
  }

  /** Stores what is pending as one block, then acknowledges each of its messages. */
  private flush(conn: NatsConnection): void {
    const records = this.pending;
    const messages = this.pendingMessages;
    this.pending = [];
    this.pendingMessages = [];
    if (messages.length === 0) return;
    let firstSeq = Number.POSITIVE_INFINITY;
    let lastSeq = Number.NEGATIVE_INFINITY;
    let redelivered = 0;
    for (const m of messages) {
      const seq = m.streamSequence ?? 0;
      if (seq < firstSeq) firstSeq = seq;
      if (seq > lastSeq) lastSeq = seq;
      if (m.redelivered) redelivered++;
    }
    const metadata = {
      servers: this.servers.join(","),
      stream: this.options.stream,
      consumer: this.options.consumer,
      firstSeq,
      lastSeq,
      messages: messages.length,
      redelivered,
    };
    const stored = records.length > 0 ? this.storeBlock(records, metadata) : Promise.resolve();
    stored.then(
      () => {
        if (this.conn !== conn) return; // closed: the server sends them again
        for (const m of messages) {
          this.unacknowledged.delete(m);
          safely(() => m.ack?.());
        }
      },
      () => {
        // Not stored (the receiver stopped): never acknowledged, so the server sends them again.
      },
    );
  }

  private wentAway(error: Error | undefined): string {
    return (
      `the connection to ${this.servers.join(",")} closed${error ? ` (${error.message})` : ""}; messages not yet ` +
      "acknowledged come again after the consumer's ack_wait. Fix: check that nats-server runs; reconnecting with backoff."
    );
  }
}

/** An ack or nak on a connection that just closed throws; the server's redelivery covers it. */
function safely(f: () => void): void {
  try {
    f();
  } catch {
    // see above
  }
}
