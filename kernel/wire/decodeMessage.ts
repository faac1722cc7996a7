import { InvalidSignatureError, MalformedMessageError } from "./errors";
import type { JupyterMessage } from "./JupyterMessage";
import type { MessageSigner } from "./MessageSigner";

/** The frame that separates routing identities from the message (spec: "the wire protocol"). */
export const DELIMITER = "<IDS|MSG>";

/**
 * Frames received on a socket → a message: `[ids…, <IDS|MSG>, signature, header, parent_header,
 * metadata, content, buffers…]`. Throws MalformedMessageError for frames that are not a message
 * and InvalidSignatureError for a signature that does not verify.
 *
 * @example
 * const msg = decodeMessage(frames, signer); // msg.header.msg_type === "execute_request"
 */
export function decodeMessage(frames: readonly Buffer[], signer: MessageSigner): JupyterMessage {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("utf8") === DELIMITER);
  if (at < 0) {
    throw new MalformedMessageError(
      `A message must contain the "${DELIMITER}" delimiter frame; got ${frames.length} frame(s) without it. ` +
        "Fix: send [identities…, <IDS|MSG>, signature, header, parent_header, metadata, content].",
    );
  }
  const parts = frames.slice(at + 2, at + 6);
  if (frames.length < at + 6) {
    throw new MalformedMessageError(
      `A message needs a signature and 4 JSON parts after "${DELIMITER}"; got ${frames.length - at - 1} frame(s). ` +
        "Fix: send signature, header, parent_header, metadata and content.",
    );
  }
  const signature = frames[at + 1].toString("utf8");
  if (!signer.verify(signature, parts)) {
    throw new InvalidSignatureError(
      "The message's HMAC signature does not match its contents, so it was dropped. " +
        "Fix: sign header, parent_header, metadata and content with the key of this kernel's connection file.",
    );
  }
  const [header, parent_header, metadata, content] = parts.map((p, i) => parseJson(p, PART_NAMES[i]));
  if (typeof header.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new MalformedMessageError(
      "A message header must have string fields msg_id and msg_type. Fix: send a complete header.",
    );
  }
  return {
    identities: frames.slice(0, at),
    header,
    parent_header,
    metadata,
    content,
    buffers: frames.slice(at + 6),
  } as JupyterMessage;
}

const PART_NAMES = ["header", "parent_header", "metadata", "content"];

function parseJson(frame: Buffer, name: string): Record<string, any> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (e) {
    throw new MalformedMessageError(
      `The message's ${name} is not valid JSON (${(e as Error).message}). Fix: send ${name} as a JSON object.`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MalformedMessageError(`The message's ${name} must be a JSON object. Fix: send ${name} as {…}.`);
  }
  return value as Record<string, any>;
}
