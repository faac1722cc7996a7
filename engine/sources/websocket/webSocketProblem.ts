import { errorMessage } from "../../errors";
import { connectionProblem } from "../connectionProblem";

/**
 * What a WebSocket client's error means and how to fix it, for a receiver's restart message: a
 * message over `maxMessageBytes` (ws closed the connection with 1009), a text message that was not
 * UTF-8 (1007), a handshake that timed out, or a failed connection (see connectionProblem).
 *
 * @example
 * ws.on("error", (e) => this.restart(webSocketProblem(url, e, maxMessageBytes), e));
 */
export function webSocketProblem(url: string, error: unknown, maxMessageBytes: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = errorMessage(error);
  if (code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") {
    return (
      `${url} sent a message of more than ${maxMessageBytes} bytes (${detail}), so the connection was ` +
      "closed with 1009 (message too big); the message and any in flight behind it are lost. Fix: send " +
      "smaller messages, or raise maxMessageBytes; reconnecting with backoff."
    );
  }
  if (code === "WS_ERR_INVALID_UTF8") {
    return (
      `${url} sent a text message that is not valid UTF-8 (${detail}), so the connection was closed with ` +
      "1007; messages in flight behind it are lost. Fix: send text as UTF-8, or send binary messages; " +
      "reconnecting with backoff."
    );
  }
  if (/handshake has timed out/i.test(detail)) {
    return (
      `${url} did not complete the WebSocket handshake in time (${detail}). Fix: check that the URL points ` +
      "at a WebSocket server and that it is reachable; reconnecting with backoff."
    );
  }
  return connectionProblem(url, error);
}
