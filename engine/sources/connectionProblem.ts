import { errorMessage } from "../errors";

/**
 * What a failed connection to `target` (e.g. `localhost:9999`) means and how to fix it, for a
 * receiver's restart message: the socket error's code says whether nobody listens there, the name
 * does not resolve, the peer reset the connection, or TLS failed. The error's own message is kept
 * in brackets (so the supervisor does not append it after the fix).
 *
 * @example
 * socket.on("error", (e) => this.restart(connectionProblem("localhost:9999", e), e));
 * // "connection refused by localhost:9999 (connect ECONNREFUSED 127.0.0.1:9999): nothing listens
 * //  there yet. Fix: start the server first, or check the host and port; reconnecting with backoff."
 */
export function connectionProblem(target: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = errorMessage(error);
  if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|^ERR_TLS/.test(code)) {
    return (
      `the TLS certificate of ${target} was not accepted (${detail}). Fix: check the host name in the URL; for ` +
      "a server whose CA is your own, start Node with NODE_EXTRA_CA_CERTS=<ca.pem>; reconnecting with backoff."
    );
  }
  switch (code) {
    case "ECONNREFUSED":
      return (
        `connection refused by ${target} (${detail}): nothing listens there yet. ` +
        "Fix: start the server first, or check the host and port; reconnecting with backoff."
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `the host of ${target} was not found (${detail}). Fix: check the host name; reconnecting with backoff.`;
    case "ECONNRESET":
    case "EPIPE":
      return (
        `${target} reset the connection (${detail}); what was in flight is lost. ` +
        "Fix: check the server's log for why it dropped the client; reconnecting with backoff."
      );
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
      return (
        `${target} cannot be reached (${detail}). Fix: check the address and that no firewall is in the ` +
        "way; reconnecting with backoff."
      );
    case "EPROTO":
      return (
        // Not the detail: OpenSSL's is a line of internals, which the status keeps as the cause.
        `${target} did not speak TLS (it answered in plain text). Fix: use http: for a server without TLS, ` +
        "https: for one with it; reconnecting with backoff."
      );
    default:
      return `the connection to ${target} failed (${detail}). Fix: check that the server is up; reconnecting with backoff.`;
  }
}
