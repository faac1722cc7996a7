import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { NatsJetStreamReceiver, type NatsReceiverOptions } from "./NatsJetStreamReceiver";
import type { NatsRecord } from "./NatsRecord";
import { NatsSubjectReceiver } from "./NatsSubjectReceiver";

/**
 * Options of ssc.natsStream: a JetStream `stream` and durable `consumer` (reliable), or a core NATS
 * `subject` alone (unreliable); plus the connection's and maxRate.
 */
export interface NatsStreamOptions extends ReceiverStreamOptions, NatsReceiverOptions {
  stream?: string;
  consumer?: string;
  /** Without stream/consumer: the core NATS subject to subscribe to (wildcards allowed). */
  subject?: string;
  /** JetStream: messages pulled ahead. Default 1,000. */
  maxMessages?: number;
}

/**
 * See StreamingContext.natsStream; NatsJetStreamReceiver and NatsSubjectReceiver say what each
 * acknowledges and loses.
 *
 * @example natsStream(ssc, { servers: "nats://localhost:4222", stream: "ORDERS", consumer: "dstream", json: true })
 */
export function natsStream<D>(
  ssc: StreamingContext,
  options: NatsStreamOptions,
): ReceiverInputDStream<NatsRecord<D>> {
  const servers = typeof options?.servers === "string" ? [options.servers] : options?.servers;
  if (
    !Array.isArray(servers) ||
    servers.length === 0 ||
    servers.some((s) => typeof s !== "string" || s === "")
  ) {
    throw new IllegalArgumentError(
      `natsStream: servers must be one or more server URLs; got ${JSON.stringify(options?.servers)}. Fix: pass e.g. ` +
        '{ servers: "nats://localhost:4222", stream: "ORDERS", consumer: "dstream" }.',
    );
  }
  const { stream, consumer, subject, maxRate, maxMessages, ...connection } = options;
  if (connection.json && connection.binary) {
    throw new IllegalArgumentError("natsStream: json and binary exclude each other. Fix: pass one of them.");
  }
  requirePositive(options.connectTimeoutMs, "natsStream: connectTimeoutMs", "10000");
  requirePositive(maxMessages, "natsStream: maxMessages", "1000");
  const streamOptions = maxRate === undefined ? {} : { maxRate };
  if (stream !== undefined || consumer !== undefined) {
    if (!stream || !consumer) {
      throw new IllegalArgumentError(
        `natsStream: a JetStream source needs both stream and consumer; got stream ${JSON.stringify(stream)}, ` +
          `consumer ${JSON.stringify(consumer)}. Fix: pass both (the consumer a durable pull consumer of the stream), ` +
          "or only a subject for core NATS (unreliable).",
      );
    }
    const receiver = new NatsJetStreamReceiver<D>({ ...connection, servers, stream, consumer, maxMessages });
    return new ReceiverInputDStream(ssc, receiver, streamOptions, "natsStream");
  }
  if (!subject) {
    throw new IllegalArgumentError(
      "natsStream: pass { stream, consumer } to read a JetStream durable consumer (at least once), or { subject } to " +
        'read a core NATS subject (at most once). Fix: e.g. { servers, stream: "ORDERS", consumer: "dstream" }.',
    );
  }
  const receiver = new NatsSubjectReceiver<D>({ ...connection, servers, subject });
  return new ReceiverInputDStream(ssc, receiver, streamOptions, "natsStream");
}
