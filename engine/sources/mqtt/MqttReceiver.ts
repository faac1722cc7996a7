import { randomBytes } from "node:crypto";
import { Receiver } from "../../receiver/Receiver";
import { decodePayload, type PayloadFormat } from "./decodePayload";
import type { MqttConnection, MqttConnector, MqttMessage } from "./MqttConnection";
import { mqttProblem } from "./mqttProblem";
import { openMqttConnection } from "./openMqttConnection";

/** One message an MQTT source stored. */
export interface MqttRecord<P = string> {
  topic: string;
  /** The text (default), the parsed value (`json`), or a Buffer (`binary`). */
  payload: P;
  qos: 0 | 1;
  /** A retained message: the topic's last value, sent on subscribing. */
  retain: boolean;
  /** Sent before and not acknowledged (the broker's DUP flag): this record may have come already. */
  dup: boolean;
}

/** How an MqttReceiver reads its broker. */
export interface MqttReceiverOptions {
  /**
   * 1 (default): at least once; each message is acknowledged (PUBACK) only once its block is
   * stored, and the session persists, so the broker keeps what arrives while the receiver is down.
   * 0: at most once, nothing acknowledged or kept (a clean session).
   */
  qos?: 0 | 1;
  /**
   * The client id, which names the broker's persistent session. Fix it to have a new context (or
   * process) pick up what the last one left unacknowledged. Default: a random id per receiver.
   */
  clientId?: string;
  /** Parse each payload as JSON. Default false: the UTF-8 text. */
  json?: boolean;
  /** Payloads as Buffers, unread. Default false. */
  binary?: boolean;
  username?: string;
  password?: string;
  /** Wall-clock ms the connection may take to be accepted (CONNACK) before it is retried. Default 10 s. */
  connectTimeoutMs?: number;
  /**
   * Messages received and not yet acknowledged at which the socket stops being read, until the
   * blocks holding them are stored. Default 10,000. (The broker has its own limit of messages in
   * flight per client: mosquitto's `max_inflight_messages`, 20 by default — raise it for speed.)
   */
  maxUnacknowledged?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_UNACKNOWLEDGED = 10_000;

/**
 * Reads the messages of an MQTT broker's topics (behind ssc.mqttStream), one MqttRecord each.
 *
 * Reliable at QoS 1: the messages read while the event loop handles one burst of the socket are
 * stored as one block (`storeBlock`), and only once it is stored are their PUBACKs sent, in the
 * order they came. The session is persistent (`clean: false`), so what was not acknowledged —
 * received by a receiver that failed, or published while it was down — the broker sends again to
 * the next connection of the same client id (flagged `dup` if it was sent before). So nothing is
 * lost, and a record with `dup` may have been stored twice (at least once). Not kept: messages
 * beyond the broker's queue for an offline client (mosquitto's `max_queued_messages`, 1,000 by
 * default) and everything at QoS 0.
 *
 * A payload that is not valid UTF-8 (or JSON, with `json`) is counted as a bad record, and
 * acknowledged with its block, so it does not come back. When the broker is not there, refuses
 * the credentials or the client id, or goes away, it restarts (reconnects) with the supervisor's
 * backoff, the problem and the fix on its status, acknowledging nothing it did not store.
 *
 * @example
 * ssc.receiverStream(new MqttReceiver("mqtt://localhost:1883", ["sensors/#"], { clientId: "dashboard", json: true }));
 */
export class MqttReceiver<P = string> extends Receiver<MqttRecord<P>> {
  readonly qos: 0 | 1;
  readonly clientId: string;
  private readonly format: PayloadFormat;
  private readonly maxUnacknowledged: number;
  private conn: MqttConnection | undefined;
  private pending: MqttRecord<P>[] = [];
  private pendingIds: number[] = [];
  /** Messages in `pending`, bad ones included. */
  private pendingCount = 0;
  private flushScheduled = false;
  /** Received, in blocks not yet stored (or in `pending`): what memory holds for the broker. */
  private unacknowledged = 0;
  /** Acknowledgements go out in order: each block's after the one before. */
  private acknowledged: Promise<void> = Promise.resolve();

  constructor(
    readonly url: string,
    readonly topics: string[],
    private readonly options: MqttReceiverOptions = {},
    private readonly connector: MqttConnector = openMqttConnection,
  ) {
    super();
    this.qos = options.qos ?? 1;
    this.clientId = options.clientId ?? `dstream-${randomBytes(6).toString("hex")}`;
    this.format = options.binary ? "binary" : options.json ? "json" : "text";
    this.maxUnacknowledged = options.maxUnacknowledged ?? DEFAULT_MAX_UNACKNOWLEDGED;
  }

  override get name(): string {
    return `mqtt ${this.url} ${this.topics.join(",")}`;
  }

  onStart(): void {
    this.pending = [];
    this.pendingIds = [];
    this.pendingCount = 0;
    this.unacknowledged = 0;
    this.acknowledged = Promise.resolve();
    const conn: MqttConnection = this.connector(
      this.url,
      {
        clientId: this.clientId,
        clean: this.qos === 0,
        username: this.options.username,
        password: this.options.password,
        connectTimeoutMs: this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      },
      {
        // Every handler first checks that its connection is still the current one: events of
        // one closed by a restart must not restart the next.
        connected: () => {
          if (this.conn === conn) void this.subscribe(conn);
        },
        message: (m) => {
          if (this.conn === conn) this.receive(conn, m);
        },
        failed: (e) => {
          if (this.conn === conn) this.restart(mqttProblem(this.url, e), e);
        },
        closed: () => {
          if (this.conn === conn) this.restart(this.wentAway());
        },
      },
    );
    this.conn = conn;
  }

  onStop(): void {
    const conn = this.conn;
    this.conn = undefined;
    // Records not yet in a block are dropped unacknowledged: the broker sends them again.
    this.pending = [];
    this.pendingIds = [];
    this.pendingCount = 0;
    // Not waited for: the socket is destroyed at once, and the broker keeps the session.
    void conn?.close();
  }

  private async subscribe(conn: MqttConnection): Promise<void> {
    let granted: number[];
    try {
      granted = await conn.subscribe(this.topics, this.qos);
    } catch (e) {
      if (this.conn === conn) this.restart(mqttProblem(this.url, e), e);
      return;
    }
    const refused = this.topics.filter((_, i) => granted[i] === 128);
    if (refused.length > 0 && this.conn === conn) {
      this.restart(
        `${this.url} refused the subscription to ${refused.join(", ")}. Fix: check the topic filters and that the ` +
          "broker's ACL lets this user read them (mosquitto: acl_file); reconnecting with backoff.",
      );
    }
  }

  private receive(conn: MqttConnection, m: MqttMessage): void {
    const decoded = decodePayload(m.payload, this.format);
    if (decoded.ok) {
      this.pending.push({
        topic: m.topic,
        payload: decoded.value as P,
        qos: m.qos === 0 ? 0 : 1,
        retain: m.retain,
        dup: m.dup,
      });
    } else {
      // Counted, then acknowledged with its block: it would only come back the same.
      this.reportBadRecord(`${this.name}: on topic ${m.topic}, ${decoded.problem}`);
    }
    if (m.messageId !== undefined) this.pendingIds.push(m.messageId);
    this.pendingCount++;
    this.unacknowledged++;
    if (this.unacknowledged >= this.maxUnacknowledged) conn.pause();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      // After the client has handled everything this read of the socket brought: one block per burst.
      setImmediate(() => {
        this.flushScheduled = false;
        if (this.conn === conn) this.flush(conn);
      });
    }
  }

  /** Stores what is pending as one block; its PUBACKs go once it is stored and those before are sent. */
  private flush(conn: MqttConnection): void {
    const records = this.pending;
    const ids = this.pendingIds;
    const count = this.pendingCount;
    this.pending = [];
    this.pendingIds = [];
    this.pendingCount = 0;
    if (count === 0) return;
    const dups = records.filter((r) => r.dup).length;
    const stored =
      records.length > 0
        ? this.storeBlock(records, {
            broker: this.url,
            clientId: this.clientId,
            messages: records.length,
            dups,
          })
        : Promise.resolve();
    const previous = this.acknowledged;
    this.acknowledged = (async () => {
      // A block that failed to store (the receiver stopped) breaks the chain: nothing after it is
      // acknowledged either, and the broker sends it all again.
      await previous;
      await stored;
      if (this.conn !== conn) return;
      conn.acknowledge(ids);
      this.unacknowledged -= count;
      if (this.unacknowledged < this.maxUnacknowledged / 2) conn.resume();
    })();
    this.acknowledged.catch(() => {});
  }

  private wentAway(): string {
    return (
      `${this.url} closed the connection; messages not yet acknowledged stay with the broker${this.qos === 1 ? " and come again" : " (QoS 0: lost)"}. ` +
      "Fix: check that the broker runs and its log for why it dropped the client; reconnecting with backoff."
    );
  }
}
