import { Receiver } from "../../receiver/Receiver";
import { decodePayload, type PayloadFormat } from "../mqtt/decodePayload";
import type { NatsConnection, NatsConnector, NatsStop } from "./NatsConnection";
import type { NatsReceiverOptions } from "./NatsJetStreamReceiver";
import type { NatsRecord } from "./NatsRecord";
import { natsProblem } from "./natsProblem";
import { openNatsConnection } from "./openNatsConnection";

/** How a NatsSubjectReceiver reads: a core NATS subject (wildcards `*` and `>` allowed). */
export interface NatsSubjectReceiverOptions extends NatsReceiverOptions {
  subject: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Reads a plain (core) NATS subject (behind ssc.natsStream without a stream), one NatsRecord each,
 * with `store`. Unreliable, as core NATS is at most once: nothing is acknowledged or replayed, so
 * it loses what is published while it is not connected, what the server drops for a slow consumer,
 * and records stored but not yet in a finished batch if the process dies. For at-least-once, read a
 * JetStream stream's durable consumer instead (natsStream({ servers, stream, consumer })).
 *
 * A message that is not valid UTF-8 (or JSON, with `json`) is counted as a bad record. When the
 * server is not there, refuses the credentials or goes away, it reconnects with the supervisor's
 * backoff, the problem and the fix on its status.
 *
 * @example
 * ssc.receiverStream(new NatsSubjectReceiver({ servers: "nats://localhost:4222", subject: "sensors.>" }));
 */
export class NatsSubjectReceiver<D = string> extends Receiver<NatsRecord<D>> {
  readonly servers: string[];
  private readonly format: PayloadFormat;
  private conn: NatsConnection | undefined;
  private unsubscribe: NatsStop | undefined;

  constructor(
    private readonly options: NatsSubjectReceiverOptions,
    private readonly connector: NatsConnector = openNatsConnection,
  ) {
    super();
    this.servers = typeof options.servers === "string" ? [options.servers] : options.servers;
    this.format = options.binary ? "binary" : options.json ? "json" : "text";
  }

  override get name(): string {
    return `nats ${this.servers.join(",")} subject ${this.options.subject}`;
  }

  async onStart(): Promise<void> {
    let conn: NatsConnection;
    try {
      conn = await this.connector({
        servers: this.servers,
        name: `dstream-lab ${this.options.subject}`,
        timeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        user: this.options.user,
        pass: this.options.pass,
        token: this.options.token,
      });
    } catch (e) {
      this.restart(natsProblem(this.servers.join(","), e), e);
      return;
    }
    this.conn = conn;
    void conn.closed.then((e) => {
      if (this.conn !== conn) return;
      this.restart(
        `the connection to ${this.servers.join(",")} closed${e ? ` (${e.message})` : ""}; what is published until it is ` +
          "back is lost (core NATS keeps nothing). Fix: check that nats-server runs; reconnecting with backoff.",
        e,
      );
    });
    this.unsubscribe = conn.subscribe(this.options.subject, (m) => {
      if (this.conn !== conn) return;
      const decoded = decodePayload(m.data, this.format);
      if (decoded.ok) this.store({ subject: m.subject, data: decoded.value as D, headers: m.headers });
      else this.reportBadRecord(`${this.name}: on subject ${m.subject}, ${decoded.problem}`);
    });
  }

  async onStop(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await conn?.close().catch(() => {});
  }
}
