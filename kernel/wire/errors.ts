/**
 * Errors of the wire format. The kernel logs them on stderr (by name) and drops the message:
 * a bad message from one client never takes the kernel down.
 */

/** Base class of every wire-format error. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Frames that are not a Jupyter message: no `<IDS|MSG>` delimiter, missing parts, bad JSON. */
export class MalformedMessageError extends WireError {}

/** A message whose HMAC signature does not match its parts under the connection file's key. */
export class InvalidSignatureError extends WireError {}

/** A connection file asking for a signature scheme this kernel does not implement. */
export class UnsupportedSignatureSchemeError extends WireError {}
