/** The messaging protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header (Jupyter messaging spec, "General Message Format"). */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  /** ISO 8601 time the message was created. */
  date: string;
  msg_type: string;
  version: string;
}

/**
 * One Jupyter message, decoded. `identities` are the ZeroMQ routing prefixes of the client that
 * sent it (a reply goes back with the same ones); `buffers` are the raw frames after the content.
 */
export interface JupyterMessage<C = Record<string, any>> {
  identities: Buffer[];
  header: MessageHeader;
  /** The header of the request this message answers, or `{}` for none. */
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}
