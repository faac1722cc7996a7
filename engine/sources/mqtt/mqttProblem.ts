import { errorMessage } from "../../errors";
import { connectionProblem } from "../connectionProblem";

/**
 * What an MQTT client's error means and how to fix it, for a receiver's restart message: a CONNACK
 * that refused the credentials (3.1.1 return codes 4 and 5, MQTT 5's 134 and 135) or the client id
 * (2, 133), a CONNACK that never came, or a failed connection (see connectionProblem).
 *
 * @example
 * events.failed = (e) => this.restart(mqttProblem("mqtt://localhost:1883", e), e);
 */
export function mqttProblem(url: string, error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = errorMessage(error);
  if (code === 4 || code === 5 || code === 134 || code === 135) {
    return (
      `${url} refused the credentials (${detail}). Fix: pass the user the broker knows, ` +
      '{ username: "…", password: "…" } (mosquitto: its password_file and acl_file); reconnecting with backoff.'
    );
  }
  if (code === 2 || code === 133) {
    return (
      `${url} rejected the client id (${detail}). Fix: pass a clientId of at most 23 letters and digits, which ` +
      "every broker accepts; reconnecting with backoff."
    );
  }
  if (typeof code === "number") {
    return `${url} refused the connection (${detail}). Fix: check the broker's log for why; reconnecting with backoff.`;
  }
  if (/connack timeout/i.test(detail)) {
    return (
      `${url} accepted the connection but did not answer the MQTT CONNECT in time (${detail}). Fix: check that ` +
      "the port is the broker's MQTT listener (not its WebSocket or TLS one); reconnecting with backoff."
    );
  }
  return connectionProblem(url, error);
}
