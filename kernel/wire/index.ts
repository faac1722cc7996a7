// The Jupyter wire format (messaging protocol 5.3). Every public export is named here.
export { createMessage } from "./createMessage";
export { DELIMITER, decodeMessage } from "./decodeMessage";
export { encodeMessage } from "./encodeMessage";
export {
  InvalidSignatureError,
  MalformedMessageError,
  UnsupportedSignatureSchemeError,
  WireError,
} from "./errors";
export { type JupyterMessage, type MessageHeader, PROTOCOL_VERSION } from "./JupyterMessage";
export { MessageSigner } from "./MessageSigner";
