import { DELIMITER } from "./decodeMessage";
import type { JupyterMessage } from "./JupyterMessage";
import type { MessageSigner } from "./MessageSigner";

/**
 * A message → the frames to send: identities, the delimiter, the signature, the four JSON parts
 * and the buffers.
 *
 * @example
 * await router.send(encodeMessage(reply, signer));
 */
export function encodeMessage(msg: JupyterMessage, signer: MessageSigner): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) =>
    Buffer.from(JSON.stringify(p), "utf8"),
  );
  return [
    ...msg.identities,
    Buffer.from(DELIMITER),
    Buffer.from(signer.sign(parts)),
    ...parts,
    ...msg.buffers,
  ];
}
