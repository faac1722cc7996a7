import { createHmac, timingSafeEqual } from "node:crypto";
import { UnsupportedSignatureSchemeError } from "./errors";

const SCHEMES: Record<string, string> = { "hmac-sha256": "sha256" };

/**
 * Signs and verifies messages with the connection file's key: the HMAC (hex) of the four JSON
 * parts header, parent_header, metadata, content, in that order. An empty key turns signing off
 * (the signature frame is empty and any signature is accepted), as the spec says.
 *
 * @example
 * const signer = new MessageSigner("hmac-sha256", key);
 * const sig = signer.sign([header, parent, metadata, content]);
 * signer.verify(sig, [header, parent, metadata, content]); // true
 */
export class MessageSigner {
  private readonly algorithm: string;

  constructor(
    scheme: string,
    private readonly key: string,
  ) {
    const algorithm = SCHEMES[scheme];
    if (!algorithm) {
      throw new UnsupportedSignatureSchemeError(
        `Signature scheme "${scheme}" is not supported; this kernel signs with ${Object.keys(SCHEMES).join(", ")}. ` +
          'Fix: set "signature_scheme": "hmac-sha256" in the connection file.',
      );
    }
    this.algorithm = algorithm;
  }

  /** False when the key is empty: messages are neither signed nor checked. */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  sign(parts: readonly (Buffer | string)[]): string {
    if (!this.enabled) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const p of parts) hmac.update(p);
    return hmac.digest("hex");
  }

  /** Constant-time comparison, so the time taken says nothing about how much of a forgery matched. */
  verify(signature: string, parts: readonly (Buffer | string)[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(parts), "utf8");
    const given = Buffer.from(signature, "utf8");
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
