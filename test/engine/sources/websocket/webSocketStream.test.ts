import { once } from "node:events";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { type ServerOptions, WebSocketServer } from "ws";
import {
  IllegalArgumentError,
  Milliseconds,
  type ReceiverInfo,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

let servers: WebSocketServer[] = [];
afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  for (const server of servers) {
    for (const client of server.clients) client.terminate();
    server.close();
  }
  servers = [];
});

/** A real WebSocket server on a free loopback port, and the connections it accepted, in order. */
async function startServer(options: ServerOptions = {}) {
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1", ...options });
  servers.push(server);
  await once(server, "listening");
  const connections: WebSocket[] = [];
  const closes: number[] = [];
  server.on("connection", (ws) => {
    connections.push(ws);
    ws.on("close", (code) => closes.push(code));
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
  return { server, connections, closes, url };
}

/** Every receiver error a context reports, as its message. */
function errorMessages(ssc: StreamingContext): string[] {
  const messages: string[] = [];
  ssc.addStreamingListener({
    onReceiverError: (info: ReceiverInfo) => messages.push(info.lastErrorMessage ?? ""),
  });
  return messages;
}

describe("webSocketStream: messages arrive once each, in the batch of the interval they were stored in", () => {
  it("stores text and binary UTF-8 messages as text; stop closes the connection cleanly", async () => {
    const { connections, closes, url } = await startServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.webSocketStream(url);
    const out = collectOutput(stream);
    ssc.start();
    await until(() => connections.length === 1, "the receiver connected");
    expect(stream.receiverInfo).toMatchObject({ name: `websocket ${url}`, state: "active" });
    const server = connections[0]!;
    server.send("a");
    server.send(Buffer.from("b ü", "utf8"), { binary: true });
    await until(() => stream.receiverInfo.recordsStored === 2, "two messages stored");
    await clock.advance(Seconds(1));
    server.send("c");
    server.send(Buffer.from([0xff, 0xfe]), { binary: true }); // not UTF-8: set aside
    server.send("");
    await until(() => stream.receiverInfo.recordsStored === 4, "c and the empty message");
    await clock.advance(Seconds(1));
    expect(out).toEqual([
      { time: 1000, records: ["a", "b ü"] },
      { time: 2000, records: ["c", ""] },
    ]);
    expect(stream.receiverInfo.badRecords).toBe(1);
    expect(stream.receiverInfo.lastErrorMessage).toMatch(/binary message of 2 bytes is not valid UTF-8.*Fix/);

    await ssc.stop();
    await until(() => closes.length === 1, "the server saw the close");
    expect(closes).toEqual([1000]);
  });

  it("parses JSON messages with json: true, counting malformed ones as bad records per batch", async () => {
    const { connections, url } = await startServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.webSocketStream<{ px: number } | number[]>(url, { json: true });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => connections.length === 1, "the receiver connected");
    for (const m of ['{"px":1}', "[1,2]", "{px: 2}", '{"px":3}']) connections[0]!.send(m);
    await until(() => stream.receiverInfo.recordsStored === 3, "the three good messages");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([{ px: 1 }, [1, 2], { px: 3 }]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 3,
      badRecords: 1,
    });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      /^websocket ws:.*: a message is not valid JSON \(.*\) and was set aside\. Fix: send one JSON value/,
    );
    expect(stream.receiverInfo.state).toBe("active");
  });
});

describe("webSocketStream: reconnecting", () => {
  it("reconnects after the server drops the connection, and later messages arrive", async () => {
    const { connections, url } = await startServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.webSocketStream(url);
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => connections.length === 1, "the receiver connected");
    connections[0]!.send("before");
    connections[0]!.close(1001, "going away");
    await until(() => stream.receiverInfo.state === "restarting", "the drop noticed");
    expect(out).toEqual([]);
    expect(errors.at(-1)).toMatch(
      /closed the connection \(code 1001: going away\).*Fix: .*reconnecting with backoff/,
    );

    await clock.advance(Milliseconds(500)); // the first backoff
    await until(() => connections.length === 2, "reconnected");
    connections[1]!.send("after");
    await until(() => stream.receiverInfo.recordsStored === 2, "the message after the reconnect");
    await clock.advance(Milliseconds(500));
    expect(out).toEqual([{ time: 1000, records: ["before", "after"] }]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 1 });
  });

  it("closes with 1009 on a message over maxMessageBytes, says so with the fix, and reconnects", async () => {
    const { connections, closes, url } = await startServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.webSocketStream(url, { maxMessageBytes: 100 });
    const out = collectOutput(stream);
    ssc.start();
    await until(() => connections.length === 1, "the receiver connected");
    connections[0]!.send("small");
    connections[0]!.send("x".repeat(101));
    await until(() => closes.length === 1, "the connection closed");
    expect(closes).toEqual([1009]);
    expect(stream.receiverInfo).toMatchObject({ state: "restarting", badRecords: 1, recordsStored: 1 });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      /sent a message of more than 100 bytes .*closed with 1009 \(message too big\).*Fix: send smaller messages, or raise maxMessageBytes/,
    );

    await clock.advance(Milliseconds(500));
    await until(() => connections.length === 2, "reconnected");
    connections[1]!.send("x".repeat(100)); // exactly the limit is fine
    await until(() => stream.receiverInfo.recordsStored === 2, "the message after the reconnect");
    await clock.advance(Milliseconds(500));
    expect(out[0]!.records).toEqual(["small", "x".repeat(100)]);
  });

  it("explains a refused handshake: 401 names the credentials and the fix; the right headers connect", async () => {
    const { connections, url } = await startServer({
      verifyClient: ({ req }: { req: IncomingMessage }) => req.headers.authorization === "Bearer t0ken",
    });
    const { ssc, clock } = await manualContext();
    const without = ssc.webSocketStream(url);
    const withToken = ssc.webSocketStream(url, { headers: { authorization: "Bearer t0ken" } });
    const out = collectOutput(withToken);
    without.foreachRDD(() => {});
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => without.receiverInfo.state === "restarting", "the refusal noticed");
    expect(errors[0]).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/feed refused the credentials \(HTTP 401 Unauthorized\)\. Fix: pass them in headers, e\.g\. \{ headers: \{ authorization: "Bearer <token>" \} \}/,
    );
    await until(() => connections.length === 1, "the receiver with the token connected");
    connections[0]!.send("hello");
    await until(() => withToken.receiverInfo.recordsStored === 1, "its message");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual(["hello"]);
    expect(without.receiverInfo.restarts).toBeGreaterThanOrEqual(1);
  });

  it("refuses a URL that is not ws:// or wss:// when the stream is defined", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.webSocketStream("http://localhost:8080/")).toThrow(
      /is not a ws:\/\/ or wss:\/\/ URL\. Fix/,
    );
    expect(() => ssc.webSocketStream("localhost:8080")).toThrow(IllegalArgumentError);
    expect(() => ssc.webSocketStream("ws://localhost:1/", { maxMessageBytes: -1 })).toThrow(
      /maxMessageBytes must be a positive number/,
    );
  });
});

describe("webSocketStream: flow control", () => {
  it("pauses the socket over maxRate: buffered records stay bounded, and every message arrives in order", async () => {
    const { connections, server, url } = await startServer();
    const { ssc, clock } = await manualContext();
    const stream = ssc.webSocketStream(url, { maxRate: 200 });
    const out = collectOutput(stream);
    ssc.start();
    await until(() => connections.length === 1, "the receiver connected");
    const N = 3000;
    const pad = "-".repeat(1000);
    const sent = Array.from({ length: N }, (_, i) => `${i} ${pad}`);
    for (const m of sent) connections[0]!.send(m); // as fast as ws takes them: ~3 MB

    let maxBuffered = 0;
    let pauses = 0;
    while (stream.receiverInfo.recordsStored < N || stream.supervisor.bufferedRecords > 0) {
      await until(
        () => stream.receiverInfo.paused || stream.receiverInfo.recordsStored === N,
        "paused again, or every message received",
      );
      if (stream.receiverInfo.paused) pauses++;
      maxBuffered = Math.max(maxBuffered, stream.supervisor.bufferedRecords);
      await clock.advance(Milliseconds(200));
    }
    // Held at most: a batch's worth at the rate (200) in blocks, the high-water mark of waiting
    // records (64), and what one socket read (64 KiB, ~65 messages) holds past it.
    expect(maxBuffered).toBeLessThan(400);
    expect(pauses).toBeGreaterThan(5);
    expect(out.flatMap((b) => b.records)).toEqual(sent);
    // Held to maxRate per 1 s batch (200), give or take the limiter's burst (20 ms of the rate: 4).
    expect(Math.max(...out.map((b) => b.records.length))).toBeLessThanOrEqual(204);
    expect(server.clients.size).toBe(1); // one connection throughout: nothing dropped, nothing reconnected
    expect(stream.receiverInfo.restarts).toBe(0);
  });
});
