import { isUtf8 } from "node:buffer";
import { errorMessage } from "../../errors";

/** How a broker message's bytes become a record's payload: text (UTF-8), parsed JSON, or the bytes. */
export type PayloadFormat = "text" | "json" | "binary";

/** A payload read, or why it could not be (with the fix), to count as a bad record. */
export type DecodedPayload = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * Reads a message's bytes as `format` asks (shared by the MQTT and NATS sources): `text` must be
 * valid UTF-8, `json` valid UTF-8 holding one JSON value, `binary` is the bytes as a Buffer.
 *
 * @example
 * const p = decodePayload(message.payload, "json");
 * if (!p.ok) receiver.reportBadRecord(`${receiver.name}: ${p.problem}`);
 */
export function decodePayload(bytes: Uint8Array, format: PayloadFormat): DecodedPayload {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === "binary") return { ok: true, value: buffer };
  if (!isUtf8(buffer)) {
    return {
      ok: false,
      problem:
        `a message of ${buffer.length} bytes is not valid UTF-8 and was set aside. Fix: publish UTF-8 text, ` +
        "or ask for the bytes with { binary: true }.",
    };
  }
  const text = buffer.toString("utf8");
  if (format === "text") return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return {
      ok: false,
      problem:
        `a message is not valid JSON (${errorMessage(e)}) and was set aside. Fix: publish one JSON value per ` +
        "message, or leave json off to get the text.",
    };
  }
}
