import { connect, type IClientOptions, type MqttClient } from "mqtt";
import type { MqttConnection, MqttConnectionEvents, MqttConnectOptions, MqttMessage } from "./MqttConnection";

/** The parts of mqtt.js's packets and private methods this adapter uses. */
interface PublishPacket {
  topic: string;
  payload: Buffer | string;
  qos: 0 | 1 | 2;
  retain?: boolean;
  dup?: boolean;
  messageId?: number;
}
type SendPacket = (packet: { cmd: string; messageId?: number }, cb?: (error?: Error) => void) => void;

/**
 * Opens an MQTT 3.1.1 connection with mqtt.js behind our MqttConnection: no reconnecting of its
 * own (`reconnectPeriod: 0`: the supervisor restarts with backoff), no resubscribing (the receiver
 * subscribes on every connection).
 *
 * mqtt.js answers a QoS 1 PUBLISH with PUBACK as soon as its `handleMessage` returns, and it
 * handles the next packet only after that. So a receiver that waited there for its block to be
 * stored would take one message per block. Instead PUBACKs are intercepted where mqtt.js sends
 * them (its `_sendPacket`, pinned by the lock file's mqtt 5.x) and sent by `acknowledge` once the
 * block holding the messages is stored; packets go on being read meanwhile. Until acknowledged a
 * message stays the broker's: if the connection drops, the broker sends it again (with DUP) to the
 * next session of the same client id. `pause` holds `handleMessage`'s callback instead, which
 * stops mqtt.js reading the socket, so TCP holds the broker back.
 *
 * @example
 * const conn = openMqttConnection("mqtt://localhost:1883", { clientId: "c1", clean: false, connectTimeoutMs: 10_000 }, {
 *   connected: () => void conn.subscribe(["sensors/#"], 1),
 *   message: (m) => conn.acknowledge(m.messageId === undefined ? [] : [m.messageId]),
 *   failed: (e) => console.error(e),
 *   closed: () => {},
 * });
 */
export function openMqttConnection(
  url: string,
  options: MqttConnectOptions,
  events: MqttConnectionEvents,
): MqttConnection {
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    clean: options.clean,
    protocolVersion: 4,
    reconnectPeriod: 0,
    resubscribe: false,
    connectTimeout: options.connectTimeoutMs,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  };
  const client: MqttClient = connect(url, clientOptions);
  const internals = client as unknown as { _sendPacket: SendPacket };
  const send = internals._sendPacket.bind(client) as SendPacket;
  const ours = new WeakSet<object>();
  internals._sendPacket = (packet, cb) => {
    if (packet.cmd === "puback" && !ours.has(packet)) {
      cb?.(); // mqtt.js goes on to the next packet; the PUBACK waits for acknowledge()
      return;
    }
    send(packet, cb);
  };
  let paused = false;
  let held: (() => void)[] = [];
  client.handleMessage = (packet, callback) => {
    const p = packet as unknown as PublishPacket;
    const message: MqttMessage = {
      topic: p.topic,
      payload: typeof p.payload === "string" ? Buffer.from(p.payload) : p.payload,
      qos: p.qos,
      retain: p.retain === true,
      dup: p.dup === true,
      messageId: p.qos > 0 ? p.messageId : undefined,
    };
    events.message(message);
    if (paused) held.push(() => callback());
    else callback();
  };
  let closed = false;
  client.on("connect", (connack) => events.connected(connack.sessionPresent));
  client.on("error", (e) => events.failed(e));
  client.on("close", () => {
    if (closed) return;
    closed = true;
    events.closed();
  });

  return {
    subscribe(topics, qos) {
      return new Promise((resolve, reject) => {
        client.subscribe(topics, { qos }, (error, granted) => {
          if (error) reject(error);
          else resolve((granted ?? []).map((g) => g.qos));
        });
      });
    },
    acknowledge(messageIds) {
      if (!client.connected) return; // the broker sends them again to the next session
      for (const messageId of messageIds) {
        const packet = { cmd: "puback", messageId };
        ours.add(packet);
        send(packet);
      }
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      const callbacks = held;
      held = [];
      for (const cb of callbacks) cb();
    },
    close() {
      closed = true;
      held = [];
      return new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    },
  };
}
