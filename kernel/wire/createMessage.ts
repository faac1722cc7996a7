import { randomUUID } from "node:crypto";
import { type JupyterMessage, type MessageHeader, PROTOCOL_VERSION } from "./JupyterMessage";

/**
 * A new message of `msgType`. With a `parent`, it answers that message: the parent's header
 * becomes parent_header and (for replies on shell/control) its identities route it back.
 *
 * @example
 * const reply = createMessage("kernel_info_reply", content, { session, parent: request });
 */
export function createMessage<C extends object>(
  msgType: string,
  content: C,
  options: {
    session: string;
    username?: string;
    parent?: JupyterMessage<any>;
    metadata?: Record<string, unknown>;
    /** ZeroMQ routing prefixes; defaults to the parent's (a reply goes back to its sender). */
    identities?: Buffer[];
    buffers?: Buffer[];
  },
): JupyterMessage<C> {
  const header: MessageHeader = {
    msg_id: randomUUID(),
    session: options.session,
    username: options.username ?? "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
  return {
    identities: options.identities ?? options.parent?.identities ?? [],
    header,
    parent_header: options.parent?.header ?? {},
    metadata: options.metadata ?? {},
    content,
    buffers: options.buffers ?? [],
  };
}
