import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { IllegalArgumentError, readDataset, type TextLineServer, textLineServer } from "../../../engine";
import { until } from "../../helpers/until";

const servers: TextLineServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof textLineServer>[0]): Promise<TextLineServer> {
  const server = await textLineServer(options);
  servers.push(server);
  return server;
}

/** A real TCP client that keeps what it reads, and when each line arrived (ms since it connected). */
function client(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  const state = { text: "", closed: false, arrivals: [] as number[], socket };
  const t0 = performance.now();
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    state.text += chunk;
    for (const c of chunk) if (c === "\n") state.arrivals.push(performance.now() - t0);
  });
  socket.on("close", () => {
    state.closed = true;
  });
  socket.on("error", () => {});
  return state;
}

describe("textLineServer", () => {
  it("replays real text to a client, one line each, and closes after the last without loop", async () => {
    const titles = readDataset("movies.json")
      .slice(0, 50)
      .map((m) => String(m.Title));
    const server = await start({ lines: titles, linesPerSecond: 1000, loop: false });
    const c = client(server.port);
    await until(() => c.closed, "the server to close the connection after the last line");
    expect(c.text).toBe(`${titles.join("\n")}\n`);
    expect(c.text).toContain("The Land Girls\n");
  });

  it("gives every client the replay from the first line, looping", async () => {
    const server = await start({ lines: ["a", "b", "c"], linesPerSecond: 200 });
    const first = client(server.port);
    await until(() => first.arrivals.length >= 5, "5 lines to the first client");
    const second = client(server.port);
    await until(() => second.arrivals.length >= 4, "4 lines to the second client");
    expect(first.text.startsWith("a\nb\nc\na\nb\n")).toBe(true);
    expect(second.text.startsWith("a\nb\nc\na\n")).toBe(true);
    expect(server.connections).toBe(2);
  });

  it("sends no faster than linesPerSecond", async () => {
    const server = await start({ lines: ["tick"], linesPerSecond: 40 });
    const c = client(server.port);
    await until(() => c.arrivals.length >= 12, "12 lines");
    // Line n (from 0) is due n/40 s after the client connected; a tick of timer slack is allowed.
    expect(c.arrivals[11]!).toBeGreaterThanOrEqual((11 / 40) * 1000 - 60);
  });

  it("survives clients that reset the connection, and keeps serving others", async () => {
    const server = await start({ lines: ["x"], linesPerSecond: 500 });
    const rude = client(server.port);
    await until(() => rude.arrivals.length > 0, "a line to the first client");
    rude.socket.resetAndDestroy();
    await until(() => server.connections === 0, "the server to notice the reset");
    const polite = client(server.port);
    await until(() => polite.arrivals.length >= 3, "lines to the next client");
    expect(server.connections).toBe(1);
  });

  it("close() disconnects its clients and frees the port", async () => {
    const server = await start({ lines: ["x"], linesPerSecond: 100 });
    const c = client(server.port);
    await until(() => c.arrivals.length > 0, "a first line");
    await server.close();
    await until(() => c.closed, "the client to be disconnected");
    const refused = await new Promise<string>((resolve) => {
      const s = net.connect(server.port, "127.0.0.1");
      s.on("connect", () => resolve("connected"));
      s.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
    await server.close(); // twice is fine
  });

  it("says what is wrong with its options, and with a port in use", async () => {
    await expect(textLineServer({ lines: [] })).rejects.toThrow(IllegalArgumentError);
    await expect(textLineServer({ lines: ["a\nb"] })).rejects.toThrow(/line 0 is not a single line.*Fix/);
    await expect(textLineServer({ lines: ["a"], linesPerSecond: 0 })).rejects.toThrow(/linesPerSecond.*Fix/);
    const server = await start({ lines: ["a"] });
    await expect(textLineServer({ lines: ["a"], port: server.port })).rejects.toThrow(
      /Cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE.*Fix: pass another port, or port 0/,
    );
  });
});
