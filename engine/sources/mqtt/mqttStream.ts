import { ReceiverInputDStream, type ReceiverStreamOptions } from "../../dstream/internal";
import { IllegalArgumentError } from "../../errors";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import { MqttReceiver, type MqttReceiverOptions, type MqttRecord } from "./MqttReceiver";

/** Options of ssc.mqttStream (MqttReceiver's, and maxRate). */
export interface MqttStreamOptions extends ReceiverStreamOptions, MqttReceiverOptions {}

/**
 * See StreamingContext.mqttStream; MqttReceiver says when messages are acknowledged and what may
 * come twice.
 *
 * @example mqttStream(ssc, "mqtt://localhost:1883", ["sensors/#"], { clientId: "dash", json: true }).print()
 */
export function mqttStream<P>(
  ssc: StreamingContext,
  url: string,
  topics: string | string[],
  options: MqttStreamOptions = {},
): ReceiverInputDStream<MqttRecord<P>> {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (!["mqtt:", "mqtts:", "tcp:", "ssl:", "ws:", "wss:"].includes(protocol ?? "")) {
    throw new IllegalArgumentError(
      `mqttStream: ${String(url)} is not an MQTT URL. Fix: pass the broker's URL, e.g. "mqtt://localhost:1883" ` +
        '(or "mqtts://…" with TLS).',
    );
  }
  const list = typeof topics === "string" ? [topics] : topics;
  if (!Array.isArray(list) || list.length === 0 || list.some((t) => typeof t !== "string" || t === "")) {
    throw new IllegalArgumentError(
      `mqttStream: topics must be one or more non-empty topic filters; got ${JSON.stringify(topics)}. Fix: pass ` +
        'e.g. ["sensors/+/temperature"] or "sensors/#".',
    );
  }
  if (options.qos !== undefined && options.qos !== 0 && options.qos !== 1) {
    throw new IllegalArgumentError(
      `mqttStream: qos must be 0 or 1; got ${String(options.qos)}. Fix: use 1 (at least once: acknowledged after ` +
        "storing, duplicates flagged dup), which is what QoS 2 would give here too, or 0 (at most once).",
    );
  }
  if (options.json && options.binary) {
    throw new IllegalArgumentError("mqttStream: json and binary exclude each other. Fix: pass one of them.");
  }
  requirePositive(options.connectTimeoutMs, "mqttStream: connectTimeoutMs", "10000");
  requirePositive(options.maxUnacknowledged, "mqttStream: maxUnacknowledged", "10000");
  const { maxRate, ...receiverOptions } = options;
  const receiver = new MqttReceiver<P>(url, list, receiverOptions);
  return new ReceiverInputDStream(ssc, receiver, maxRate === undefined ? {} : { maxRate }, "mqttStream");
}
