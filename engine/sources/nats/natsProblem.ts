import { errorMessage } from "../../errors";
import { connectionProblem } from "../connectionProblem";

/** JetStream API error codes (nats-server's err_code) this source explains. */
const STREAM_NOT_FOUND = 10059;
const CONSUMER_NOT_FOUND = 10014;

/**
 * What a NATS client's error means and how to fix it, for a receiver's restart message: refused
 * credentials, no server there, JetStream not enabled, an unknown stream or consumer, or another
 * failed connection (see connectionProblem).
 *
 * @example
 * catch (e) { this.restart(natsProblem("nats://localhost:4222", e, { stream: "ORDERS", consumer: "dstream" }), e) }
 */
export function natsProblem(
  servers: string,
  error: unknown,
  target: { stream?: string; consumer?: string } = {},
): string {
  const e = error as { code?: unknown; api_error?: { err_code?: number; code?: number } } | undefined;
  const code = typeof e?.code === "string" ? e.code : undefined;
  const apiCode = e?.api_error?.err_code;
  const detail = errorMessage(error);
  if (code === "AUTHORIZATION_VIOLATION" || /authorization violation|authentication/i.test(detail)) {
    return (
      `${servers} refused the credentials (${detail}). Fix: pass the user the server knows, { user: "…", pass: "…" } ` +
      '(or { token: "…" }); reconnecting with backoff.'
    );
  }
  if (apiCode === STREAM_NOT_FOUND || /stream not found/i.test(detail)) {
    return (
      `${servers} has no JetStream stream "${target.stream}" (${detail}). Fix: create it first, e.g. ` +
      `\`nats stream add ${target.stream} --subjects "…"\` or jsm.streams.add({ name: "${target.stream}", subjects: […] }), ` +
      "or check the name; retrying with backoff."
    );
  }
  if (apiCode === CONSUMER_NOT_FOUND || /consumer not found/i.test(detail)) {
    return (
      `stream "${target.stream}" on ${servers} has no consumer "${target.consumer}" (${detail}). Fix: create the durable ` +
      `pull consumer first, e.g. \`nats consumer add ${target.stream} ${target.consumer} --pull --ack explicit\` or ` +
      `jsm.consumers.add("${target.stream}", { durable_name: "${target.consumer}", ack_policy: AckPolicy.Explicit }); ` +
      "retrying with backoff."
    );
  }
  if (/jetstream not enabled|503/i.test(detail)) {
    return (
      `${servers} has no JetStream (${detail}). Fix: start the server with JetStream on (\`nats-server -js\`), or ` +
      "read a plain subject with natsStream({ servers, subject }) (unreliable); retrying with backoff."
    );
  }
  if (code === "CONNECTION_REFUSED" || code === "ECONNREFUSED") {
    return (
      `connection refused by ${servers} (${detail}): no NATS server listens there. Fix: start nats-server ` +
      "(with -js for JetStream), or check the host and port; reconnecting with backoff."
    );
  }
  if (code === "TIMEOUT") {
    return (
      `${servers} did not answer in time (${detail}). Fix: check that the address is a NATS server's client port ` +
      "(4222 by default) and that it is reachable; reconnecting with backoff."
    );
  }
  return connectionProblem(servers, error);
}
