import type * as net from "node:net";

/**
 * Starts `server` listening; resolves once it does. "Port in use" and the like become an error that
 * says what to do, instead of an "error" event nobody listens to.
 *
 * @example await listen(net.createServer(onClient), 0, "127.0.0.1");
 */
export function listen(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `Cannot listen on ${host}:${port}: ${e.message}. ` +
            (e.code === "EADDRINUSE"
              ? "Fix: pass another port, or port 0 for any free one."
              : "Fix: pass a host of this machine, e.g. 127.0.0.1, and a free port (0 for any)."),
          { cause: e },
        ),
      );
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      // Later errors (a failed accept) concern one client: a demo server must not crash the kernel.
      server.on("error", () => {});
      resolve();
    });
  });
}
