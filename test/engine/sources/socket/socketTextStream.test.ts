import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentError,
  Milliseconds,
  type ReceiverInfo,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { freePort } from "../../../helpers/freePort";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

/** A line server on 127.0.0.1 (the real peer): the connections it accepted, in order. */
interface LineServer {
  server: net.Server;
  port: number;
  connections: net.Socket[];
  /** The next connection after the `n`th (default: the first not handed out yet). */
  connection(): Promise<net.Socket>;
}

const servers: net.Server[] = [];
const children: ChildProcess[] = [];

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  for (const s of servers.splice(0)) {
    s.close();
    s.emit("test-teardown");
  }
  for (const c of children.splice(0)) c.kill();
});

async function lineServer(port = 0): Promise<LineServer> {
  const connections: net.Socket[] = [];
  let handedOut = 0;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {}); // the receiver may reset it
    connections.push(socket);
  });
  server.on("test-teardown", () => {
    for (const c of connections) c.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    server,
    port: (server.address() as net.AddressInfo).port,
    connections,
    async connection() {
      const n = handedOut++;
      await until(() => connections.length > n, `connection ${n + 1} to the line server`);
      return connections[n]!;
    },
  };
}

/** Writes `data` and waits until the kernel has it, then a little more, so the next write is its own segment. */
async function writeApart(socket: net.Socket, data: string | Buffer): Promise<void> {
  await new Promise<void>((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
  await new Promise((resolve) => setTimeout(resolve, 15));
}

/** The receiver errors listeners see, as `time: message`. */
function receiverErrors(ssc: StreamingContext): { log: string[]; infos: ReceiverInfo[] } {
  const log: string[] = [];
  const infos: ReceiverInfo[] = [];
  ssc.addStreamingListener({
    onReceiverError: (info) => {
      infos.push(info);
      log.push(`${ssc.clock.now()}: ${info.lastErrorMessage}`);
    },
  });
  return { log, infos };
}

describe("socketTextStream: lines from a real TCP server", () => {
  it("puts each line in exactly one batch: the batch of the interval it was stored in", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port);
    const out = collectOutput(stream);
    ssc.start();
    const socket = await peer.connection();
    socket.write("to be or not to be\nthat is the question\n");
    await until(() => stream.receiverInfo.recordsStored === 2, "the first two lines stored");
    await clock.advance(Seconds(1));
    socket.write("whether 'tis nobler\n");
    await until(() => stream.receiverInfo.recordsStored === 3, "the third line stored");
    await clock.advance(Seconds(2));
    expect(out).toEqual([
      { time: 1000, records: ["to be or not to be", "that is the question"] },
      { time: 2000, records: ["whether 'tis nobler"] },
      { time: 3000, records: [] },
    ]);
    expect(stream.receiverInfo).toMatchObject({
      name: `socket 127.0.0.1:${peer.port}`,
      state: "active",
      restarts: 0,
    });
  });

  it("keeps a line split across TCP segments (even inside a UTF-8 character) as one line; \\r\\n ends a line", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port);
    const out = collectOutput(stream);
    ssc.start();
    const socket = await peer.connection();
    const naive = Buffer.from("naïve café\r\n");
    await writeApart(socket, "hel");
    await writeApart(socket, "lo wor");
    await writeApart(socket, "ld\r");
    await writeApart(socket, "\nsecond\r\n");
    await writeApart(socket, naive.subarray(0, 3)); // "na" and the first byte of "ï"
    await writeApart(socket, naive.subarray(3));
    await until(() => stream.receiverInfo.recordsStored === 3, "three lines stored");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual(["hello world", "second", "naïve café"]);
    expect(stream.receiverInfo.badRecords).toBe(0);
  });

  it("stores a last line without a newline when the server closes, then reconnects for more", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port);
    const out = collectOutput(stream);
    const { log } = receiverErrors(ssc);
    ssc.start();
    (await peer.connection()).end("first\nlast words");
    await until(() => stream.receiverInfo.recordsStored === 2, "both lines stored");
    expect(stream.receiverInfo.state).toBe("restarting");
    expect(log).toEqual([
      `0: 127.0.0.1:${peer.port} closed the connection (lines sent before it closed were stored). ` +
        `Fix: keep the server running (e.g. \`nc -lk ${peer.port}\`, not \`nc -l\`); reconnecting with backoff.`,
    ]);
    await clock.advance(Milliseconds(500)); // the first restart delay
    (await peer.connection()).write("after the reconnect\n");
    await until(() => stream.receiverInfo.recordsStored === 3, "the line sent on the new connection");
    await clock.advance(Milliseconds(500));
    expect(out).toEqual([{ time: 1000, records: ["first", "last words", "after the reconnect"] }]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 1 });
  });

  it("loses only the partial line in flight when the server resets the connection", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port);
    const out = collectOutput(stream);
    ssc.start();
    const first = await peer.connection();
    await writeApart(first, "a\nb\npartial li");
    await until(() => stream.receiverInfo.recordsStored === 2, "the two whole lines stored");
    first.resetAndDestroy();
    await until(() => stream.receiverInfo.state === "restarting", "the receiver sees the reset");
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^127\\.0\\.0\\.1:${peer.port} reset the connection \\(read ECONNRESET\\); what was in flight is lost\\. Fix: `,
      ),
    );
    await clock.advance(Milliseconds(500));
    (await peer.connection()).write("c\n");
    await until(() => stream.receiverInfo.recordsStored === 3, "the line sent after the reset");
    await clock.advance(Milliseconds(500));
    expect(out.map((b) => b.records)).toEqual([["a", "b", "c"]]);
  });

  it("waits for a server that is not there yet: errors naming the fix, restarts with backoff, then reads", async () => {
    const port = await freePort();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", port);
    const out = collectOutput(stream);
    const { log } = receiverErrors(ssc);
    ssc.start();
    await until(() => log.length === 1, "the first refused connection");
    expect(log[0]).toMatch(
      new RegExp(
        `^0: connection refused by 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\): ` +
          "nothing listens there yet\\. Fix: start the server first, or check the host and port; reconnecting with backoff\\.$",
      ),
    );
    await clock.advance(Milliseconds(500)); // the first retry, refused too
    await until(() => log.length === 2, "the second refused connection");
    expect(log[1]).toMatch(/^500: connection refused/);
    await clock.advance(Milliseconds(999)); // the next wait is twice as long: no attempt yet
    expect(stream.receiverInfo).toMatchObject({ state: "restarting", restarts: 2 });
    const peer = await lineServer(port);
    await clock.advance(Milliseconds(1)); // 1500: connects
    (await peer.connection()).write("finally\n");
    await until(() => stream.receiverInfo.recordsStored === 1, "the line stored");
    await clock.advance(Milliseconds(500));
    expect(out.map((b) => b.records)).toEqual([[], ["finally"]]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 2 });
  });

  it("sets aside invalid UTF-8 and oversized lines as bad records; the lines around them arrive, no batch fails", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port, { maxLineBytes: 1000 });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    const socket = await peer.connection();
    socket.write(
      Buffer.concat([
        Buffer.from("good 1\n"),
        Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x0a]), // "bad" and two bytes UTF-8 never uses
        Buffer.from(`${"x".repeat(1500)}\ngood 2\n`),
      ]),
    );
    await until(() => stream.receiverInfo.recordsStored === 2, "the good lines stored");
    await clock.advance(Seconds(1));
    // An oversized line arriving in pieces is dropped as it comes: memory stays bounded.
    await writeApart(socket, "y".repeat(700));
    await writeApart(socket, "y".repeat(700));
    await writeApart(socket, `${"y".repeat(700)}\ngood 3\n`);
    await until(() => stream.receiverInfo.recordsStored === 3, "the line after the oversized one");
    await clock.advance(Seconds(1));
    expect(out.map((b) => b.records)).toEqual([["good 1", "good 2"], ["good 3"]]);
    const inputs = batches.map((b) => b.streamIdToInputInfo.get(stream.inputId));
    expect(inputs.map((i) => [i?.numRecords, i?.badRecords])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(inputs[0]?.lastBadRecord).toMatch(
      new RegExp(
        `^socket 127\\.0\\.0\\.1:${peer.port}: a line of over 1000 bytes .* Fix: end records with a newline`,
      ),
    );
    expect(batches.flatMap((b) => b.failures)).toEqual([]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", badRecords: 3, restarts: 0 });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(/over 1000 bytes.*raise maxLineBytes/);
  });

  it("over its rate stops reading: the server's writes back up, memory stays bounded, every line arrives in order", async () => {
    const peer = await lineServer();
    const batch = Milliseconds(200);
    const { ssc, clock } = await manualContext({ batch });
    const rate = 10_000;
    const stream = ssc.socketTextStream("127.0.0.1", peer.port, { maxRate: rate });
    const received: string[] = [];
    stream.foreachRDD((rdd) => {
      received.push(...rdd.collect());
    });
    ssc.start();
    const socket = await peer.connection();
    // 100-byte lines, until the kernel's buffers on both sides are full and 2 MB more wait in the
    // server process: the receiver has stopped reading.
    let written = 0;
    const lineOf = (i: number) => `${String(i).padStart(8, "0")} ${"x".repeat(90)}`;
    while (socket.writableLength < 2_000_000 && written < 200_000) {
      const lines: string[] = [];
      for (let k = 0; k < 1000; k++) lines.push(lineOf(written++));
      socket.write(`${lines.join("\n")}\n`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until(() => stream.receiverInfo.paused, "the receiver paused");
    // Every admitted record waits for the next batch, at most a batch of them at the rate; beyond
    // those, the records waiting for the rate limiter reach the high-water mark (a block
    // interval at the rate) plus at most the rest of one 64 KiB read.
    const bound = (rate * batch.milliseconds) / 1000 + (rate * 200) / 1000 + 700;
    let maxBuffered = 0;
    const sample = () => {
      maxBuffered = Math.max(maxBuffered, stream.supervisor.bufferedRecords);
    };
    const stored = stream.receiverInfo.recordsStored;
    await new Promise((resolve) => setTimeout(resolve, 50)); // time for the socket to over-read, were it still reading
    expect(stream.receiverInfo.recordsStored).toBe(stored);
    sample();
    expect(socket.writableLength).toBeGreaterThanOrEqual(2_000_000); // 20,000 lines held back in the server alone
    expect(written - stored).toBeGreaterThan(4 * bound);
    for (let i = 0; i < 1000 && received.length < written; i++) {
      await clock.advance(batch);
      await until(() => {
        sample();
        return stream.receiverInfo.paused || stream.receiverInfo.recordsStored === written;
      }, "the receiver paused again, or every line stored");
    }
    expect(maxBuffered).toBeLessThanOrEqual(bound);
    expect(received.length).toBe(written);
    expect(received.every((line, i) => line === lineOf(i))).toBe(true);
    expect(stream.receiverInfo.badRecords).toBe(0);
  });
});

describe("socketTextStream: peers that do not answer, and bad arguments", () => {
  it("gives up a connection the peer never answers after connectTimeoutMs, naming the fix", async () => {
    // A real listener that never accepts, its backlog full: the kernel drops further SYNs unanswered.
    const child = spawn("/usr/bin/python3", [
      "-c",
      "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\n" +
        "print(s.getsockname()[1],flush=True)\ntime.sleep(60)",
    ]);
    children.push(child);
    const port = await new Promise<number>((resolve) =>
      child.stdout!.once("data", (d) => resolve(Number(String(d)))),
    );
    const fillers = [net.connect(port, "127.0.0.1"), net.connect(port, "127.0.0.1")];
    for (const f of fillers) f.on("error", () => {});
    await new Promise((resolve) => fillers[0]!.once("connect", resolve)); // in the accept queue: now it is full
    await new Promise((resolve) => setTimeout(resolve, 20)); // the second one's SYN, dropped, is not answered
    const { ssc } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", port, { connectTimeoutMs: 300 });
    stream.foreachRDD(() => {});
    try {
      ssc.start();
      await until(() => stream.receiverInfo.state === "restarting", "the connect timeout", 3000);
      expect(stream.receiverInfo.lastErrorMessage).toBe(
        `127.0.0.1:${port} did not answer within 300 ms (packets dropped by a firewall, or a wrong address). ` +
          "Fix: check the host and port and that the server is reachable, or raise connectTimeoutMs; reconnecting with backoff.",
      );
    } finally {
      for (const f of fillers) f.destroy();
    }
  });

  it("keeps a connected peer that sends nothing: the connect timeout is over once connected", async () => {
    const peer = await lineServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.socketTextStream("127.0.0.1", peer.port, { connectTimeoutMs: 30 });
    const out = collectOutput(stream);
    ssc.start();
    const socket = await peer.connection();
    await new Promise((resolve) => setTimeout(resolve, 150)); // five connect timeouts of quiet
    socket.write("late\n");
    await until(() => stream.receiverInfo.recordsStored === 1, "the late line");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual(["late"]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 0 });
  });

  it("refuses a bad port, host or limit when the stream is defined, naming the fix", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.socketTextStream("localhost", 70000)).toThrow(IllegalArgumentError);
    expect(() => ssc.socketTextStream("localhost", 0)).toThrow(/integer from 1 to 65535.*Fix: pass the port/);
    expect(() => ssc.socketTextStream("", 9999)).toThrow(/non-empty string.*Fix: pass e\.g\. "localhost"/);
    expect(() => ssc.socketTextStream("localhost", 9999, { maxLineBytes: 0 })).toThrow(
      /maxLineBytes must be a positive number; got 0\. Fix:/,
    );
    expect(() => ssc.socketTextStream("localhost", 9999, { connectTimeoutMs: Number.NaN })).toThrow(
      /connectTimeoutMs must be a positive number/,
    );
  });
});
