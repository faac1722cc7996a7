import * as net from "node:net";
import { IllegalArgumentError } from "../errors";
import { listen } from "./listen";
import { pace } from "./pace";

/** Options of textLineServer. */
export interface TextLineServerOptions {
  /** The text to replay, one line each (no newlines inside). */
  lines: readonly string[];
  /** The port to listen on. Default 0: any free port (read it from the result). */
  port?: number;
  /** The address to listen on. Default "127.0.0.1" (loopback only). */
  host?: string;
  /** Lines sent per second to each client. Default 100. */
  linesPerSecond?: number;
  /** Start over after the last line (default true); false: close the connection after it. */
  loop?: boolean;
}

/** A running textLineServer. */
export interface TextLineServer {
  /** The port it listens on (the one chosen when you passed 0). */
  readonly port: number;
  readonly host: string;
  /** Clients connected now. */
  readonly connections: number;
  /** Disconnects every client and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * A TCP server for socketTextStream demos, in the role of Spark's `nc -lk 9999`: every client
 * that connects gets `lines` replayed from the first, one per `\n`, at `linesPerSecond`, looping
 * by default. A client that goes away (or reads too slowly: the server waits for it to drain,
 * so memory stays bounded) only affects itself. Demo data, not a source.
 *
 * @example
 * const titles = readDataset("movies.json").map((m) => String(m.Title));
 * const server = await textLineServer({ lines: titles, linesPerSecond: 200 });
 * ssc.socketTextStream("localhost", server.port).flatMap((l) => l.split(" ")).countByValue().print();
 * // later
 * await server.close();
 */
export async function textLineServer(options: TextLineServerOptions): Promise<TextLineServer> {
  const { lines, port = 0, host = "127.0.0.1", linesPerSecond = 100, loop = true } = options;
  checkOptions(lines, linesPerSecond);
  const clients = new Map<net.Socket, () => void>();
  const server = net.createServer((socket) => {
    let next = 0;
    let stopped = false;
    let stopPacing = () => {};
    const stop = () => {
      stopped = true;
      stopPacing();
      clients.delete(socket);
    };
    clients.set(socket, stop);
    // A client resetting the connection is its own business: the error must not crash the server.
    socket.on("error", () => socket.destroy());
    socket.on("close", stop);
    stopPacing = pace(linesPerSecond, (n) => {
      // A slow reader: skip this turn instead of queueing without bound; the replay resumes
      // where it was once the socket drains.
      if (stopped || socket.destroyed || socket.writableNeedDrain) return;
      const batch: string[] = [];
      for (let i = 0; i < n && (loop || next < lines.length); i++) batch.push(lines[next++ % lines.length]!);
      if (batch.length > 0) socket.write(`${batch.join("\n")}\n`);
      if (!loop && next >= lines.length) {
        stop();
        socket.end();
      }
    });
    if (stopped) stopPacing(); // the first turn (run at once) sent everything
  });
  await listen(server, port, host);
  const address = server.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host,
    get connections() {
      return clients.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const [socket, stop] of [...clients]) {
          stop();
          socket.destroy();
        }
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

function checkOptions(lines: readonly string[], linesPerSecond: number): void {
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new IllegalArgumentError(
      'textLineServer needs at least one line to replay. Fix: pass { lines: [...] }, e.g. movie titles from readDataset("movies.json").',
    );
  }
  const bad = lines.findIndex((l) => typeof l !== "string" || /[\r\n]/.test(l));
  if (bad >= 0) {
    throw new IllegalArgumentError(
      `textLineServer: line ${bad} is not a single line of text (${JSON.stringify(lines[bad])}). ` +
        "Fix: split multi-line text first, e.g. text.split(/\\r?\\n/).",
    );
  }
  if (!(Number.isFinite(linesPerSecond) && linesPerSecond > 0)) {
    throw new IllegalArgumentError(
      `textLineServer: linesPerSecond must be a positive number; got ${linesPerSecond}. Fix: e.g. { linesPerSecond: 100 }.`,
    );
  }
}
