import { isUtf8 } from "node:buffer";
import { errorMessage } from "../../errors";
import type { KafkaMessage } from "./KafkaClient";
import type { KafkaRecord } from "./KafkaRecord";

/** How a record's value is read: text (default), the bytes, or parsed JSON. */
export type KafkaValueAs = "string" | "buffer" | "json";

/**
 * A fetched message as a record, or why it cannot be one (its value is not UTF-8 text, or not
 * JSON, when that was asked for): such a message is counted as a bad record and set aside, its
 * offset still inside its batch's range.
 *
 * @example decodeMessage(m, "clicks", 0, "json") // { record: { topic: "clicks", ..., value: { x: 1 } } }
 */
export function decodeMessage(
  m: KafkaMessage,
  topic: string,
  partition: number,
  valueAs: KafkaValueAs,
): { record: KafkaRecord<unknown> } | { bad: string } {
  const where = `${topic}/${partition}@${m.offset}`;
  let value: unknown = m.value;
  if (m.value !== null && valueAs !== "buffer") {
    if (!isUtf8(m.value)) {
      return {
        bad:
          `the value of ${where} (${m.value.length} bytes) is not valid UTF-8 and was set aside. Fix: produce ` +
          'text, or pass valueAs: "buffer" to get the bytes.',
      };
    }
    const text = m.value.toString("utf8");
    value = text;
    if (valueAs === "json") {
      try {
        value = JSON.parse(text);
      } catch (e) {
        return {
          bad:
            `the value of ${where} is not valid JSON (${errorMessage(e)}) and was set aside. Fix: produce one ` +
            'JSON value per message, or leave valueAs at "string" to get the text.',
        };
      }
    }
  }
  return {
    record: {
      topic,
      partition,
      offset: m.offset,
      key: m.key === null ? null : m.key.toString("utf8"),
      value,
      timestamp: m.timestamp,
      headers: m.headers,
    },
  };
}
