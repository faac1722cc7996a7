import { connect, type JsMsg, type Msg, type MsgHdrs } from "nats";
import type { NatsConnection, NatsConnectOptions, NatsMessage } from "./NatsConnection";

/**
 * Connects with the `nats` package behind our NatsConnection: `reconnect: false`, so a lost
 * connection ends it (`closed` resolves with the error) and the receiver's supervisor reconnects
 * with backoff. JetStream consumers are read with the package's pull `consume()`, which keeps up
 * to `maxMessages` requested ahead.
 *
 * @example
 * const conn = await openNatsConnection({ servers: ["nats://localhost:4222"], timeoutMs: 10_000, name: "demo" });
 * const stop = await conn.consume("ORDERS", "dstream", { maxMessages: 1000 }, (m) => m.ack?.());
 */
export async function openNatsConnection(options: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.servers,
    name: options.name,
    reconnect: false,
    timeout: options.timeoutMs,
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.pass === undefined ? {} : { pass: options.pass }),
    ...(options.token === undefined ? {} : { token: options.token }),
  });
  const closed = nc.closed().then((e) => e ?? undefined);
  return {
    async consume(stream, consumer, { maxMessages }, onMessage) {
      const c = await nc.jetstream().consumers.get(stream, consumer);
      const messages = await c.consume({
        max_messages: maxMessages,
        callback: (m: JsMsg) => onMessage(fromJetStream(m)),
      });
      return () => void messages.stop();
    },
    subscribe(subject, onMessage) {
      const sub = nc.subscribe(subject, {
        callback: (error, m: Msg) => {
          if (!error) onMessage({ subject: m.subject, data: m.data, headers: headersOf(m.headers) });
        },
      });
      return () => sub.unsubscribe();
    },
    closed,
    async close() {
      await nc.close();
    },
  };
}

function fromJetStream(m: JsMsg): NatsMessage {
  return {
    subject: m.subject,
    data: m.data,
    headers: headersOf(m.headers),
    streamSequence: m.seq,
    redelivered: m.redelivered,
    ack: () => m.ack(),
    nak: () => m.nak(),
  };
}

function headersOf(h: MsgHdrs | undefined): Record<string, string[]> | undefined {
  if (!h) return undefined;
  const out: Record<string, string[]> = {};
  for (const [key, values] of h) out[key] = values;
  return out;
}
