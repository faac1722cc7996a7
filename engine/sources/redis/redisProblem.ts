import { errorMessage } from "../../errors";
import { connectionProblem } from "../connectionProblem";

/** Where the source reads: for the messages of redisProblem. */
export interface RedisStreamTarget {
  /** The server's address without the password (see redisAddress). */
  address: string;
  key: string;
  group: string;
}

/**
 * What an error of the Redis client means for a stream source and how to fix it, for the
 * receiver's restart message: wrong or missing credentials, a key that holds something other
 * than a stream, a group that was destroyed, a server still loading, a connection refused or lost
 * (see connectionProblem). Every message names the server, and ends with "reconnecting with backoff".
 *
 * @example
 * client.onError((e) => this.restart(redisProblem({ address, key, group }, e), e));
 */
export function redisProblem(target: RedisStreamTarget, error: unknown): string {
  const { address, key, group } = target;
  const detail = errorMessage(error);
  if (/^WRONGPASS|invalid password|invalid username-password/i.test(detail)) {
    return (
      `${address} refused the credentials (${detail}). Fix: put the right password in the URL, ` +
      "redis://:<password>@host:port (redis://<user>:<password>@host:port for an ACL user); reconnecting with backoff."
    );
  }
  if (/^NOAUTH/.test(detail)) {
    return (
      `${address} asks for a password (${detail}). Fix: put it in the URL, redis://:<password>@host:port ` +
      "(the server's requirepass); reconnecting with backoff."
    );
  }
  if (/^NOPERM/.test(detail)) {
    return (
      `${address} does not allow this user the stream commands on "${key}" (${detail}). Fix: grant the ` +
      `user XREADGROUP, XACK, XAUTOCLAIM and XGROUP on the key (ACL SETUSER); reconnecting with backoff.`
    );
  }
  if (/^WRONGTYPE/.test(detail)) {
    return (
      `the key "${key}" on ${address} holds a value that is not a stream (${detail}). Fix: pass the key of ` +
      `a stream, or remove that value (DEL ${key}) so the source creates the stream; reconnecting with backoff.`
    );
  }
  if (/^NOGROUP|^UNBLOCKED/.test(detail)) {
    return (
      `the consumer group "${group}" of "${key}" is gone from ${address} (${detail}): the group was destroyed ` +
      "or the key deleted. Fix: nothing, if that was meant: the restart creates the group again, from the " +
      "stream's start; reconnecting with backoff."
    );
  }
  if (/^LOADING/.test(detail)) {
    return `${address} is still loading its data set (${detail}). Fix: wait; reconnecting with backoff.`;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ECONNREFUSED") {
    return (
      `connection refused by ${address} (${detail}): no Redis server listens there. Fix: start redis-server ` +
      "(redis-server --port <port>), or check the host and port of the URL; reconnecting with backoff."
    );
  }
  if (code) return connectionProblem(address, error);
  if (/socket closed unexpectedly|connection.*(closed|lost)|the client is closed/i.test(detail)) {
    return (
      `${address} closed the connection (${detail}); entries read but not yet acknowledged stay pending ` +
      "and are read again. Fix: check that redis-server is up (its log says why it dropped the client); " +
      "reconnecting with backoff."
    );
  }
  if (/timeout/i.test(detail)) {
    return (
      `${address} did not answer in time (${detail}). Fix: check that the URL points at a Redis server ` +
      "and that it is reachable; reconnecting with backoff."
    );
  }
  return `${address} answered an error (${detail}). Fix: check the server and the stream "${key}"; reconnecting with backoff.`;
}
