import { errorMessage } from "../../errors";

/**
 * What a failed `listen` on `host:port` means and how to fix it, for a receiver's restart message:
 * the port is taken, is privileged, or the host is not an address of this machine. The error's own
 * message is kept in brackets (so the supervisor does not append it after the fix).
 *
 * @example
 * server.once("error", (e) => reject(new Error(bindProblem("127.0.0.1", 8088, e))));
 * // "port 8088 on 127.0.0.1 is already in use (listen EADDRINUSE ...). Fix: stop the program that ..."
 */
export function bindProblem(host: string, port: number, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = errorMessage(error);
  switch (code) {
    case "EADDRINUSE":
      return (
        `port ${port} on ${host} is already in use (${detail}). Fix: stop the program that holds it ` +
        `(\`lsof -i :${port}\` shows it) or pass another port (port: 0 picks a free one); retrying with ` +
        "backoff, so the stream binds once the port is free."
      );
    case "EACCES":
    case "EPERM":
      return (
        `permission denied to listen on ${host}:${port} (${detail}): ports below 1024 need root. Fix: use a ` +
        "port from 1024 up, e.g. 8088, or 0 for any free port; retrying with backoff."
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return (
        `${host} is not an address of this machine (${detail}). Fix: use "127.0.0.1" (this machine only) or ` +
        '"0.0.0.0" (every network interface); retrying with backoff.'
      );
    default:
      return `cannot listen on ${host}:${port} (${detail}). Fix: check the host and port; retrying with backoff.`;
  }
}
