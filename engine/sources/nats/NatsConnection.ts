/** One message from NATS, as our receivers see it (whatever the client library). */
export interface NatsMessage {
  subject: string;
  data: Uint8Array;
  /** The message's headers (a header may repeat), or undefined when it has none. */
  headers: Record<string, string[]> | undefined;
  /** JetStream only: the message's sequence number in its stream. */
  streamSequence?: number;
  /** JetStream only: delivered before and not acknowledged (so it may have been seen). */
  redelivered?: boolean;
  /** JetStream only: done with it (the consumer moves past it). */
  ack?(): void;
  /** JetStream only: not done, send it again now rather than after ack_wait. */
  nak?(): void;
}

/** How to connect. */
export interface NatsConnectOptions {
  servers: string[];
  user?: string;
  pass?: string;
  token?: string;
  /** Wall-clock ms the connection may take before the attempt is given up. */
  timeoutMs: number;
  /** The client's name, shown by the server (`nats-server` connz). */
  name: string;
}

/** Stops a subscription or a consumer's deliveries. */
export type NatsStop = () => void;

/**
 * Our small interface over a NATS client library (openNatsConnection adapts the `nats` package):
 * one connection, no reconnecting of its own (the receiver's supervisor restarts with backoff).
 */
export interface NatsConnection {
  /**
   * Pulls from the durable consumer `consumer` of JetStream stream `stream`, handing each message
   * to `onMessage` (acknowledge with its ack()). Rejects when the stream or consumer is unknown.
   */
  consume(
    stream: string,
    consumer: string,
    options: { maxMessages: number },
    onMessage: (m: NatsMessage) => void,
  ): Promise<NatsStop>;
  /** Core NATS: every message published to `subject` from now on (no acknowledgements, no replay). */
  subscribe(subject: string, onMessage: (m: NatsMessage) => void): NatsStop;
  /** Resolves when the connection is gone: undefined after close(), else the error that ended it. */
  readonly closed: Promise<Error | undefined>;
  close(): Promise<void>;
}

/** Connects; rejects when the server cannot be reached or refuses the credentials. */
export type NatsConnector = (options: NatsConnectOptions) => Promise<NatsConnection>;
