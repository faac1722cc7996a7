import { AckPolicy, connect, headers, type JetStreamManager, type NatsConnection, nanos } from "nats";
import { afterEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentError,
  type ManualClock,
  Milliseconds,
  type NatsRecord,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { freePort } from "../../../helpers/freePort";
import { NatsServer } from "../../../helpers/NatsServer";
import { advanceUntil, errorMessages } from "../../../helpers/receiverTestKit";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

let servers: NatsServer[] = [];
let connections: NatsConnection[] = [];
afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  for (const nc of connections) await nc.close().catch(() => {});
  for (const s of servers) await s.stop();
  servers = [];
  connections = [];
});

async function startServer(options: Parameters<typeof NatsServer.start>[0] = {}): Promise<NatsServer> {
  const server = await NatsServer.start(options);
  servers.push(server);
  return server;
}

/** The test's own client (a publisher, or an administrator of streams). */
async function client(
  server: NatsServer,
  options: { user?: string; pass?: string } = {},
): Promise<NatsConnection> {
  const nc = await connect({ servers: server.url, reconnect: false, ...options });
  connections.push(nc);
  return nc;
}

/** Stream ORDERS on orders.> and its durable pull consumer "dstream" (ack explicit, ack_wait 1 s). */
async function ordersStream(nc: NatsConnection): Promise<JetStreamManager> {
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({ name: "ORDERS", subjects: ["orders.>"] });
  await jsm.consumers.add("ORDERS", {
    durable_name: "dstream",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(1000),
  });
  return jsm;
}

/** Publishes each payload to JetStream, in order, each once the stream has it. */
async function publish(
  nc: NatsConnection,
  subject: string,
  payloads: (string | Uint8Array)[],
): Promise<void> {
  const js = nc.jetstream();
  for (const p of payloads) await js.publish(subject, p);
}

/**
 * Resolves once the consumer has every message of the stream acknowledged (its ack floor is `seq`),
 * advancing `clock` (if given) 200 ms a turn, for receivers whose rate holds blocks back.
 */
async function acknowledgedUpTo(jsm: JetStreamManager, seq: number, clock?: ManualClock): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const info = await jsm.consumers.info("ORDERS", "dstream");
    if (info.ack_floor.stream_seq === seq && info.num_ack_pending === 0) return;
    if (Date.now() > deadline) throw new Error(`ack floor ${info.ack_floor.stream_seq}, not ${seq}`);
    await new Promise((r) => setTimeout(r, 10));
    await clock?.advance(Milliseconds(200));
  }
}

const data = <D>(out: { records: NatsRecord<D>[] }[]) => out.flatMap((b) => b.records.map((r) => r.data));

describe("natsStream: a JetStream durable consumer, each message once with its metadata", () => {
  it("stores messages once each, in order, with subject, headers, seq and redelivered; acknowledges them; blocks carry the sequence range", async () => {
    const server = await startServer();
    const nc = await client(server);
    const jsm = await ordersStream(nc);
    const h = headers();
    h.append("trace", "t-1");
    await nc.jetstream().publish("orders.eu", "first", { headers: h });
    const { ssc, clock } = await manualContext();
    const stream = ssc.natsStream({ servers: server.url, stream: "ORDERS", consumer: "dstream" });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.recordsStored === 1, "the message published before the start");
    await clock.advance(Seconds(1));
    const sent = Array.from({ length: 300 }, (_, i) => `order ${i}`);
    await publish(nc, "orders.us", sent);
    await until(() => stream.receiverInfo.recordsStored === 301, "all 301");
    await clock.advance(Seconds(1));

    expect(out[0]!.records).toEqual([
      { subject: "orders.eu", data: "first", headers: { trace: ["t-1"] }, seq: 1, redelivered: false },
    ]);
    const later = out[1]!.records;
    expect(later.map((r) => r.data)).toEqual(sent);
    expect(later.map((r) => r.seq)).toEqual(sent.map((_, i) => i + 2));
    expect(later.every((r) => r.subject === "orders.us" && !r.redelivered && r.headers === undefined)).toBe(
      true,
    );
    const info = batches[1]!.streamIdToInputInfo.get(stream.inputId)!;
    expect(info.numRecords).toBe(300);
    const blocks = (info.metadata as { blocks: { stream: string; firstSeq: number; lastSeq: number }[] })
      .blocks;
    expect(blocks[0]).toMatchObject({ stream: "ORDERS", consumer: "dstream", firstSeq: 2 });
    expect(blocks.at(-1)!.lastSeq).toBe(301);
    // The ranges follow each other with no gap and no overlap.
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.firstSeq).toBe(blocks[i - 1]!.lastSeq + 1);
    await acknowledgedUpTo(jsm, 301);
  });

  it("parses JSON with json: true; data that is not JSON or not UTF-8 is a bad record, acknowledged", async () => {
    const server = await startServer();
    const nc = await client(server);
    const jsm = await ordersStream(nc);
    const { ssc, clock } = await manualContext();
    const stream = ssc.natsStream<{ id: number }>({
      servers: server.url,
      stream: "ORDERS",
      consumer: "dstream",
      json: true,
    });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await publish(nc, "orders.eu", ['{"id":1}', "{id: 2}", new Uint8Array([0xc3, 0x28]), '{"id":3}']);
    await until(
      () => stream.receiverInfo.recordsStored === 2 && stream.receiverInfo.badRecords === 2,
      "2 good, 2 bad",
    );
    await clock.advance(Seconds(1));
    expect(data(out)).toEqual([{ id: 1 }, { id: 3 }]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 2,
      badRecords: 2,
    });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      /^nats nats:\/\/127\.0\.0\.1:\d+ stream ORDERS consumer dstream: on subject orders\.eu \(seq 3\), a message of 2 bytes is not valid UTF-8 and was set aside\. Fix:/,
    );
    await acknowledgedUpTo(jsm, 4); // the bad ones too: they would only come back the same
  });
});

describe("natsStream: reliable (at least once)", () => {
  it("loses nothing when the receiver is killed mid-stream and restarted: only unacknowledged messages come again (same seq)", async () => {
    const server = await startServer();
    const nc = await client(server);
    const jsm = await ordersStream(nc);
    const { ssc, clock } = await manualContext();
    // Held to 1,000/s, so blocks are waiting (received, not acknowledged) when the receiver dies.
    const stream = ssc.natsStream({
      servers: server.url,
      stream: "ORDERS",
      consumer: "dstream",
      maxRate: 1000,
    });
    const out = collectOutput(stream);
    ssc.start();
    const N = 2000;
    const sent = Array.from({ length: N }, (_, i) => `order ${i}`);
    const js = nc.jetstream();
    const publishing = Promise.all(sent.map((p) => js.publish("orders.eu", p)));
    await until(() => stream.receiverInfo.recordsStored >= 300, "some orders stored");
    stream.receiver.restart("killed by the test");
    await publishing;
    await advanceUntil(clock, () => new Set(data(out)).size === N, "every order in a batch");

    // A message the dead receiver had received but not acknowledged comes again: the same stream
    // sequence twice. (Its redelivered flag is not always set: a copy the server sent to the dead
    // connection's pull request counts as never delivered.) Deduplicated by seq, each order is there.
    const seen = new Map<number, number>();
    for (const r of out.flatMap((b) => b.records)) seen.set(r.seq!, (seen.get(r.seq!) ?? 0) + 1);
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual(sent.map((_, i) => i + 1));
    expect(new Set(data(out))).toEqual(new Set(sent));
    expect(Math.max(...seen.values())).toBe(2); // some came twice: those received but not acknowledged
    expect(stream.receiverInfo.restarts).toBe(1);
    await acknowledgedUpTo(jsm, N, clock);
  });

  it("acknowledges only stored blocks: a context stopped with blocks held by maxRate leaves them to the next one on the consumer", async () => {
    const server = await startServer();
    const nc = await client(server);
    const jsm = await ordersStream(nc);
    const first = await manualContext();
    const a = first.ssc.natsStream({
      servers: server.url,
      stream: "ORDERS",
      consumer: "dstream",
      maxRate: 50,
    });
    const outA = collectOutput(a);
    first.ssc.start();
    const sent = Array.from({ length: 200 }, (_, i) => `order ${i}`);
    await publish(nc, "orders.eu", sent);
    await until(() => a.receiverInfo.recordsStored === 200, "all 200 received (most waiting for the rate)");
    await first.clock.advance(Seconds(1));
    const processedByA = data(outA);
    expect(processedByA.length).toBeGreaterThan(0);
    expect(processedByA.length).toBeLessThan(120); // held to about 50/s
    await first.ssc.stop();

    const second = await manualContext();
    const b = second.ssc.natsStream({ servers: server.url, stream: "ORDERS", consumer: "dstream" });
    const outB = collectOutput(b);
    second.ssc.start();
    await advanceUntil(
      second.clock,
      () => new Set([...processedByA, ...data(outB)]).size === sent.length,
      "everything, across the two contexts",
    );
    const recordsB = outB.flatMap((x) => x.records);
    expect(new Set([...processedByA, ...recordsB.map((r) => r.data)])).toEqual(new Set(sent));
    // What A had received but not stored before it stopped comes to B, flagged redelivered.
    expect(recordsB.length).toBeGreaterThanOrEqual(sent.length - processedByA.length);
    expect(recordsB.every((r) => r.redelivered)).toBe(true);
    await acknowledgedUpTo(jsm, 200);
  });
});

describe("natsStream: bad input and failures", () => {
  it("says the server is not there (address and fix) and connects once it is, with backoff", async () => {
    const port = await freePort();
    const url = `nats://127.0.0.1:${port}`;
    const { ssc, clock } = await manualContext();
    const stream = ssc.natsStream({ servers: url, stream: "ORDERS", consumer: "dstream" });
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "restarting", "the refusal noticed");
    expect(errors[0]).toMatch(
      new RegExp(
        `^connection refused by nats://127\\.0\\.0\\.1:${port} \\(.*\\): no NATS server listens there\\. Fix: start nats-server`,
      ),
    );
    const server = await startServer({ port });
    const nc = await client(server);
    await ordersStream(nc);
    await publish(nc, "orders.eu", ["hello"]);
    await advanceUntil(clock, () => data(out).length === 1, "the message, once connected");
    expect(data(out)).toEqual(["hello"]);
    expect(stream.receiverInfo.state).toBe("active");
  });

  it("reconnects when the server goes away mid-stream; what was published meanwhile arrives", async () => {
    const server = await startServer();
    let nc = await client(server);
    await ordersStream(nc);
    const { ssc, clock } = await manualContext();
    const stream = ssc.natsStream({ servers: server.url, stream: "ORDERS", consumer: "dstream" });
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await publish(nc, "orders.eu", ["before"]);
    await until(() => stream.receiverInfo.recordsStored === 1, "the first message");
    await server.stop();
    await until(() => stream.receiverInfo.state === "restarting", "the server's absence noticed");
    expect(errors.at(-1)).toMatch(
      /^the connection to nats:\/\/127\.0\.0\.1:\d+ closed.*Fix: check that nats-server runs/,
    );
    await server.restart(); // same port and JetStream store
    nc = await client(server);
    await publish(nc, "orders.eu", ["while away"]);
    await advanceUntil(
      clock,
      () => data(out).length === 2,
      "the message published while the receiver was away",
    );
    expect(data(out)).toEqual(["before", "while away"]);
  });

  it("explains refused credentials, an unknown stream and an unknown consumer, each with the fix", async () => {
    const user = { user: "reader", pass: "s3cret" };
    const server = await startServer({ user: { username: user.user, password: user.pass } });
    const nc = await client(server, user);
    await ordersStream(nc);
    const { ssc } = await manualContext();
    const streams = {
      credentials: ssc.natsStream({
        servers: server.url,
        stream: "ORDERS",
        consumer: "dstream",
        pass: "nope",
      }),
      stream: ssc.natsStream({ servers: server.url, ...user, stream: "NOPE", consumer: "dstream" }),
      consumer: ssc.natsStream({ servers: server.url, ...user, stream: "ORDERS", consumer: "nobody" }),
    };
    for (const s of Object.values(streams)) s.foreachRDD(() => {});
    ssc.start();
    for (const s of Object.values(streams))
      await until(() => s.receiverInfo.state === "restarting", s.receiver.name);
    expect(streams.credentials.receiverInfo.lastErrorMessage).toMatch(
      /^nats:\/\/127\.0\.0\.1:\d+ refused the credentials \(.*\)\. Fix: pass the user the server knows/,
    );
    expect(streams.stream.receiverInfo.lastErrorMessage).toMatch(
      /^nats:\/\/127\.0\.0\.1:\d+ has no JetStream stream "NOPE" \(.*\)\. Fix: create it first/,
    );
    expect(streams.consumer.receiverInfo.lastErrorMessage).toMatch(
      /^stream "ORDERS" on nats:\/\/127\.0\.0\.1:\d+ has no consumer "nobody" \(.*\)\. Fix: create the durable pull consumer first/,
    );
  });

  it("refuses bad arguments when the stream is defined", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.natsStream({ servers: [] })).toThrow(/servers must be one or more server URLs/);
    expect(() => ssc.natsStream({ servers: "nats://localhost:4222", stream: "ORDERS" })).toThrow(
      /needs both stream and consumer/,
    );
    expect(() => ssc.natsStream({ servers: "nats://localhost:4222" })).toThrow(IllegalArgumentError);
  });
});

describe("natsStream: a core NATS subject (unreliable)", () => {
  it("stores what is published from the subscription on, with subject and headers", async () => {
    const server = await startServer();
    const nc = await client(server);
    const { ssc, clock } = await manualContext();
    const stream = ssc.natsStream({ servers: server.url, subject: "sensors.>" });
    const out = collectOutput(stream);
    ssc.start();
    // Core NATS keeps nothing for a subscriber not yet there: publish probes until one arrives
    // (then the subscription is in place, and one connection's messages keep their order).
    await until(() => {
      nc.publish("sensors.probe", "probe");
      return stream.receiverInfo.recordsStored > 0;
    }, "the subscription in place");
    const h = headers();
    h.append("unit", "C");
    nc.publish("sensors.kitchen", "21.5", { headers: h });
    nc.publish("sensors.hall", "19");
    const readings = () => out.flatMap((b) => b.records).filter((r) => r.subject !== "sensors.probe");
    await advanceUntil(clock, () => readings().length === 2, "both readings in a batch");
    expect(readings()).toEqual([
      { subject: "sensors.kitchen", data: "21.5", headers: { unit: ["C"] } },
      { subject: "sensors.hall", data: "19", headers: undefined },
    ]);
    expect(stream.receiver.name).toBe(`nats ${server.url} subject sensors.>`);
  });
});
