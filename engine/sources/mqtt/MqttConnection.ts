/** One PUBLISH the broker delivered, as our receiver sees it (whatever the client library). */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  /** A retained message (sent on subscribing, the topic's last value). */
  retain: boolean;
  /** The broker's DUP flag: sent before without an acknowledgement, so it may have been seen. */
  dup: boolean;
  /** The packet id, to acknowledge a QoS 1 message with; undefined for QoS 0. */
  messageId: number | undefined;
}

/** How to open an MQTT session. */
export interface MqttConnectOptions {
  clientId: string;
  /** false: a persistent session, which the broker keeps (subscriptions, queued QoS 1 messages). */
  clean: boolean;
  username?: string;
  password?: string;
  /** Wall-clock ms until CONNACK before the attempt is given up. */
  connectTimeoutMs: number;
}

/** What a connection reports; each is called for this connection only. */
export interface MqttConnectionEvents {
  /** CONNACK accepted; `sessionPresent`: the broker kept the session from before. */
  connected(sessionPresent: boolean): void;
  message(message: MqttMessage): void;
  /** A refused CONNACK, a socket error, a protocol error. */
  failed(error: unknown): void;
  /** The connection is gone (after failed, or the broker went away). */
  closed(): void;
}

/**
 * Our small interface over an MQTT client library (openMqttConnection adapts mqtt.js): one
 * connection, no reconnecting of its own (the receiver's supervisor restarts with backoff), and
 * acknowledgements under the caller's control: a QoS 1 message is not acknowledged (PUBACK) until
 * `acknowledge` is called with its id.
 */
export interface MqttConnection {
  /** Subscribes; resolves with the granted QoS per topic (128: refused by the broker). */
  subscribe(topics: string[], qos: 0 | 1): Promise<number[]>;
  /** Sends PUBACK for these QoS 1 messages, in this order; a no-op once the connection is gone. */
  acknowledge(messageIds: number[]): void;
  /** Stops taking messages off the socket (TCP then holds the broker back) until resume. */
  pause(): void;
  resume(): void;
  /** Closes at once: unacknowledged messages stay with the broker, for the next session. */
  close(): Promise<void>;
}

/** Opens a connection (events start after it returns). */
export type MqttConnector = (
  url: string,
  options: MqttConnectOptions,
  events: MqttConnectionEvents,
) => MqttConnection;
