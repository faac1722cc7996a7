/**
 * A Redis URL to show in names and messages: scheme, user, host, port and database, never the
 * password (a status line or a notebook output must not leak it). The default port is spelled out.
 *
 * @example redisAddress("redis://:s3cret@localhost/2") // "redis://localhost:6379/2"
 */
export function redisAddress(url: string): string {
  const u = new URL(url);
  const user = u.username ? `${decodeURIComponent(u.username)}@` : "";
  const db = u.pathname && u.pathname !== "/" ? u.pathname : "";
  return `${u.protocol}//${user}${u.hostname}:${u.port || "6379"}${db}`;
}
