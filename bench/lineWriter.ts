/**
 * The writer process of the socket benchmarks: a TCP server on 127.0.0.1 that writes 100-byte
 * lines (bench/lines.ts) to whoever connects, as `nc -lk` does for Spark's socketTextStream. It
 * runs in a process of its own, so the reader's CPU is not the writer's. Started by
 * startLineWriter() (bench/lineWriterProcess.ts) with `node --import tsx`; talks over IPC:
 *
 * - it sends `{ type: "ready", port }` once listening;
 * - `{ type: "mode", mode: "flood" }`: later connections get lines as fast as they take them
 *   (TCP flow control: write until write() returns false, wait for 'drain');
 * - `{ type: "mode", mode: "paced", rate, markEvery }`: later connections get `rate` lines/s, and
 *   every `markEvery`-th line starts with the word `@<send time>` (ms, with fractions, on
 *   `performance.timeOrigin + performance.now()`), so the reader can measure each marked line's
 *   latency;
 * - `{ type: "clock", id }` is answered with `{ type: "clock", id, now }` (that clock), for the
 *   reader to estimate the offset between the two processes' clocks;
 * - it sends `{ type: "closed", mode, lines, seconds }` when a connection ends.
 */
import * as net from "node:net";
import { performance } from "node:perf_hooks";
import { makeLines } from "./lines";

type Mode = { mode: "flood" } | { mode: "paced"; rate: number; markEvery: number };
type Message = ({ type: "mode" } & Mode) | { type: "clock"; id: number };

const POOL_LINES = 200_000;
const CHUNK_BYTES = 64 * 1024;
/** How often a paced connection writes what is due. */
const PACE_MS = 1;

const lines = makeLines(POOL_LINES, 100, 11);
const pool = Buffer.from(`${lines.join("\n")}\n`, "latin1");
let mode: Mode = { mode: "flood" };

const now = () => performance.timeOrigin + performance.now();
const send = (message: object) => process.send?.(message);

function flood(socket: net.Socket, done: (lines: number) => void): void {
  let offset = 0;
  let bytes = 0;
  let open = true;
  const write = () => {
    while (open) {
      const end = Math.min(offset + CHUNK_BYTES, pool.length);
      const chunk = pool.subarray(offset, end);
      offset = end === pool.length ? 0 : end;
      bytes += chunk.length;
      if (!socket.write(chunk)) {
        socket.once("drain", write);
        return;
      }
    }
  };
  socket.on("close", () => {
    open = false;
    done(Math.floor(bytes / 101));
  });
  write();
}

function paced(socket: net.Socket, rate: number, markEvery: number, done: (lines: number) => void): void {
  const start = now();
  let sent = 0;
  const timer = setInterval(() => {
    const t = now();
    const due = Math.floor(((t - start) / 1000) * rate);
    if (due <= sent) return;
    let text = "";
    for (; sent < due; sent++) {
      const line = lines[sent % POOL_LINES]!;
      // The marker replaces the line's first characters, so marked lines stay 100 bytes.
      text += sent % markEvery === 0 ? `@${t.toFixed(3)} ${line}`.slice(0, 100) : line;
      text += "\n";
    }
    // Written even when the socket's buffer is full: a reader that falls behind shows it as
    // latency, which is what this mode measures.
    socket.write(text, "latin1");
  }, PACE_MS);
  socket.on("close", () => {
    clearInterval(timer);
    done(sent);
  });
}

const server = net.createServer((socket) => {
  const started = now();
  const current = mode;
  socket.setNoDelay(current.mode === "paced");
  socket.on("error", () => {}); // the reader closing mid-write (EPIPE, ECONNRESET) ends the connection
  const done = (n: number) =>
    send({ type: "closed", mode: current.mode, lines: n, seconds: (now() - started) / 1000 });
  if (current.mode === "flood") flood(socket, done);
  else paced(socket, current.rate, current.markEvery, done);
});

process.on("message", (m: Message) => {
  if (m.type === "mode") mode = m;
  else if (m.type === "clock") send({ type: "clock", id: m.id, now: now() });
});
process.on("disconnect", () => process.exit(0));
server.listen(0, "127.0.0.1", () => {
  send({ type: "ready", port: (server.address() as net.AddressInfo).port });
});
