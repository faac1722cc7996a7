import { connectAsync, type IClientOptions, type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentError,
  Milliseconds,
  type MqttRecord,
  Seconds,
  StreamingContext,
} from "../../../../engine";
import { freePort } from "../../../helpers/freePort";
import { Mosquitto } from "../../../helpers/Mosquitto";
import { advanceUntil, errorMessages } from "../../../helpers/receiverTestKit";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";

let brokers: Mosquitto[] = [];
let clients: MqttClient[] = [];
afterEach(async () => {
  await StreamingContext.getActive()?.stop();
  for (const c of clients) await c.endAsync(true);
  for (const b of brokers) await b.stop();
  brokers = [];
  clients = [];
});

async function startBroker(options: Parameters<typeof Mosquitto.start>[0] = {}): Promise<Mosquitto> {
  const broker = await Mosquitto.start(options);
  brokers.push(broker);
  return broker;
}

/** A plain mqtt.js client of the test's (a device publishing, or a peek at a session). */
async function client(broker: Mosquitto, options: IClientOptions = {}): Promise<MqttClient> {
  const c = await connectAsync(broker.url, { reconnectPeriod: 0, ...options });
  clients.push(c);
  return c;
}

/** Publishes each payload at QoS 1, in order, each once the broker has it (PUBACK). */
async function publish(c: MqttClient, topic: string, payloads: (string | Buffer)[]): Promise<void> {
  for (const p of payloads) await c.publishAsync(topic, p, { qos: 1 });
}

/**
 * What the broker still holds for session `clientId` (subscribed to `topic`): connects with that
 * id, publishes a marker behind anything queued, and returns what came before the marker.
 */
async function leftInSession(broker: Mosquitto, clientId: string, topic: string): Promise<string[]> {
  const got: string[] = [];
  let marked = false;
  const peek = await client(broker, { clientId, clean: false });
  peek.on("message", (_t, payload) => {
    if (payload.toString() === "<marker>") marked = true;
    else if (!marked) got.push(payload.toString());
  });
  const pub = await client(broker);
  await pub.publishAsync(topic, "<marker>", { qos: 1 });
  await until(() => marked, "the marker came back");
  return got;
}

const payloads = (stream: { records: MqttRecord[] }[]) =>
  stream.flatMap((b) => b.records.map((r) => r.payload));

describe("mqttStream: known messages arrive once each, with their metadata", () => {
  it("stores QoS 1 messages once each, in order, with topic, qos, retain and dup; blocks show on BatchInfo", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    await pub.publishAsync("sensors/kitchen", "21.5", { qos: 1, retain: true });
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream(broker.url, ["sensors/#"], { clientId: "once-each" });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await broker.waitForSubscription("once-each", "sensors/#");
    const sent = Array.from({ length: 300 }, (_, i) => `reading ${i}`);
    await publish(pub, "sensors/hall", sent.slice(0, 100));
    await until(() => stream.receiverInfo.recordsStored === 101, "the retained message and 100 more");
    await clock.advance(Seconds(1));
    await publish(pub, "sensors/hall", sent.slice(100));
    await until(() => stream.receiverInfo.recordsStored === 301, "all 300");
    await clock.advance(Seconds(1));

    expect(out.map((b) => b.records.length)).toEqual([101, 200]);
    expect(out[0]!.records[0]).toEqual({
      topic: "sensors/kitchen",
      payload: "21.5",
      qos: 1,
      retain: true,
      dup: false,
    });
    const live = out.flatMap((b) => b.records).slice(1);
    expect(live.map((r) => r.payload)).toEqual(sent);
    expect(live.every((r) => r.topic === "sensors/hall" && r.qos === 1 && !r.retain && !r.dup)).toBe(true);
    const info = batches[1]!.streamIdToInputInfo.get(stream.inputId)!;
    expect(info.numRecords).toBe(200);
    const blocks = (info.metadata as { blocks: { broker: string; clientId: string; messages: number }[] })
      .blocks;
    expect(blocks.every((b) => b.broker === broker.url && b.clientId === "once-each")).toBe(true);
    expect(blocks.reduce((n, b) => n + b.messages, 0)).toBe(200);

    await ssc.stop();
    // All acknowledged: the broker holds nothing more for the session.
    expect(await leftInSession(broker, "once-each", "sensors/hall")).toEqual([]);
  });

  it("parses JSON with json: true; a payload that is not JSON or not UTF-8 is a bad record, acknowledged", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream<{ t: number } | number[]>(broker.url, "devices/+/state", {
      clientId: "json-reader",
      json: true,
    });
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await broker.waitForSubscription("json-reader", "devices/+/state");
    await publish(pub, "devices/1/state", ['{"t":1}', "{t: 2}", Buffer.from([0xff, 0xfe]), "[3]"]);
    await until(() => stream.receiverInfo.recordsStored === 2, "the two good messages");
    await until(() => stream.receiverInfo.badRecords === 2, "the two bad ones counted");
    await clock.advance(Seconds(1));
    expect(out[0]!.records.map((r) => r.payload)).toEqual([{ t: 1 }, [3]]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 2,
      badRecords: 2,
    });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      /^mqtt mqtt:\/\/127\.0\.0\.1:\d+ devices\/\+\/state: on topic devices\/1\/state, a message of 2 bytes is not valid UTF-8 and was set aside\. Fix:/,
    );
    expect(stream.receiverInfo.state).toBe("active");
    await ssc.stop();
    // Counted, and acknowledged with their block: they do not come back.
    expect(await leftInSession(broker, "json-reader", "devices/1/state")).toEqual([]);
  });
});

describe("mqttStream: reliable at QoS 1 (at least once)", () => {
  it("loses nothing when the receiver is killed mid-stream and restarted: only unacknowledged messages come twice, flagged dup", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    const { ssc, clock } = await manualContext();
    // Held to 1,000/s, so blocks are waiting (received, not acknowledged) when the receiver dies.
    const stream = ssc.mqttStream(broker.url, "orders", { clientId: "killed", maxRate: 1000 });
    const out = collectOutput(stream);
    ssc.start();
    await broker.waitForSubscription("killed", "orders");
    const N = 2000;
    const sent = Array.from({ length: N }, (_, i) => `order ${i}`);
    // Published without waiting for each PUBACK, so many are in flight when the receiver dies.
    const publishing = Promise.all(sent.map((p) => pub.publishAsync("orders", p, { qos: 1 })));
    await until(() => stream.receiverInfo.recordsStored >= 300, "some orders stored");
    const mark = broker.logMark;
    stream.receiver.restart("killed by the test");
    await clock.advance(Milliseconds(500)); // the supervisor's first backoff
    await broker.waitForLog(/New client connected .* as killed/, "the receiver reconnected", mark);
    await publishing;
    await advanceUntil(clock, () => new Set(payloads(out)).size === N, "every order in a batch");

    const records = out.flatMap((b) => b.records);
    const seen = new Map<string, number>();
    for (const r of records) {
      const n = seen.get(r.payload) ?? 0;
      // A second copy is one the broker sent again because it was not acknowledged: flagged dup.
      if (n > 0) expect(r.dup).toBe(true);
      seen.set(r.payload, n + 1);
    }
    expect([...seen.keys()].sort()).toEqual([...sent].sort());
    expect(Math.max(...seen.values())).toBe(2); // some came twice: those received but not acknowledged
    expect(stream.receiverInfo.restarts).toBe(1);
    expect(stream.receiverInfo.state).toBe("active");
    // The broker delivers a session's messages in order: once a later one is in a batch, every
    // copy before it (the redelivered ones too) was stored, so acknowledged.
    await pub.publishAsync("orders", "<drained>", { qos: 1 });
    await advanceUntil(clock, () => payloads(out).includes("<drained>"), "the last copies stored");
    await ssc.stop();
    expect(await leftInSession(broker, "killed", "orders")).toEqual([]); // every copy acknowledged in the end
  });

  it("acknowledges only stored blocks: a context stopped with blocks held by maxRate leaves them, and what came while it was down, to the next one with the client id", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    const first = await manualContext();
    const a = first.ssc.mqttStream(broker.url, "meter/+", { clientId: "meter-reader", maxRate: 50 });
    const outA = collectOutput(a);
    first.ssc.start();
    await broker.waitForSubscription("meter-reader", "meter/+");
    const sent = Array.from({ length: 200 }, (_, i) => `kWh ${i}`);
    await publish(pub, "meter/1", sent);
    await until(() => a.receiverInfo.recordsStored === 200, "all 200 received (most waiting for the rate)");
    await first.clock.advance(Seconds(1));
    const processedByA = payloads(outA);
    expect(processedByA.length).toBeGreaterThan(0);
    expect(processedByA.length).toBeLessThan(120); // held to about 50/s
    const mark = broker.logMark;
    await first.ssc.stop(); // the blocks still waiting were never acknowledged
    await broker.waitForLog(
      /Client meter-reader (closed its connection|disconnected)/,
      "A's connection gone",
      mark,
    );

    const whileDown = ["kWh down 1", "kWh down 2"];
    await publish(pub, "meter/2", whileDown);

    const second = await manualContext();
    const b = second.ssc.mqttStream(broker.url, "meter/+", { clientId: "meter-reader" });
    const outB = collectOutput(b);
    second.ssc.start();
    const all = [...sent, ...whileDown];
    await advanceUntil(
      second.clock,
      () => new Set([...processedByA, ...payloads(outB)]).size === all.length,
      "everything, across the two contexts",
    );
    const recordsB = outB.flatMap((x) => x.records);
    // Every message A did not process comes to B; those A had received come again flagged dup.
    expect(new Set([...processedByA, ...recordsB.map((r) => r.payload)])).toEqual(new Set(all));
    expect(recordsB.length).toBeGreaterThanOrEqual(all.length - processedByA.length);
    for (const r of recordsB) expect(r.dup).toBe(!whileDown.includes(r.payload));
    expect(recordsB.filter((r) => whileDown.includes(r.payload)).map((r) => r.payload)).toEqual(whileDown);
  });
});

describe("mqttStream: flow control and QoS 0", () => {
  it("stops reading past maxUnacknowledged until blocks are stored: memory stays bounded, every message arrives in order", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream(broker.url, "flow", {
      clientId: "flow",
      maxRate: 100,
      maxUnacknowledged: 50,
    });
    const out = collectOutput(stream);
    ssc.start();
    await broker.waitForSubscription("flow", "flow");
    const sent = Array.from({ length: 500 }, (_, i) => `m${i}`);
    await publish(pub, "flow", sent); // the broker has them all; the receiver takes 100/s
    let maxBuffered = 0;
    await advanceUntil(
      clock,
      () => {
        maxBuffered = Math.max(maxBuffered, stream.supervisor.bufferedRecords);
        return payloads(out).length === sent.length;
      },
      "all 500 through the rate",
    );
    expect(payloads(out)).toEqual(sent);
    // Held at most: 50 unacknowledged (and the message mqtt.js was handling), plus the stored
    // blocks waiting for their batch (a batch's worth at the rate: 100), of the 500 published.
    expect(maxBuffered).toBeLessThanOrEqual(50 + 1 + 100 + 5);
    // The rate per batch, give or take one block admitted whole (at most 50 records).
    expect(Math.max(...out.map((b) => b.records.length))).toBeLessThanOrEqual(100 + 50);
    expect(stream.receiverInfo.restarts).toBe(0);
  });

  it("at qos: 0 stores what arrives while connected, acknowledging nothing and keeping no session", async () => {
    const broker = await startBroker();
    const pub = await client(broker);
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream(broker.url, "q0/#", { clientId: "q0", qos: 0 });
    const out = collectOutput(stream);
    ssc.start();
    await broker.waitForSubscription("q0", "q0/#");
    await pub.publishAsync("q0/a", "x", { qos: 1 });
    await until(() => stream.receiverInfo.recordsStored === 1, "the message");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([{ topic: "q0/a", payload: "x", qos: 0, retain: false, dup: false }]);
    await broker.waitForLog(/New client connected .* as q0 \(p2, c1,/, "a clean session (c1)");
  });
});

describe("mqttStream: bad input and failures", () => {
  it("says the broker is not there (address and fix) and connects once it is, with backoff", async () => {
    const free = await freePort();
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream(`mqtt://127.0.0.1:${free}`, "late/#", { clientId: "early" });
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "restarting", "the refusal noticed");
    expect(errors[0]).toMatch(
      new RegExp(
        `^connection refused by mqtt://127\\.0\\.0\\.1:${free} \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${free}\\): nothing listens there yet\\. Fix: start the server first`,
      ),
    );
    const broker = await startBroker({ port: free });
    await clock.advance(Milliseconds(500));
    await broker.waitForSubscription("early", "late/#");
    await publish(await client(broker), "late/1", ["hello"]);
    await until(() => stream.receiverInfo.recordsStored === 1, "the message");
    await clock.advance(Milliseconds(500));
    expect(payloads(out)).toEqual(["hello"]);
    expect(stream.receiverInfo.state).toBe("active");
  });

  it("reconnects when the broker goes away mid-stream; what was published meanwhile arrives", async () => {
    const broker = await startBroker();
    const { ssc, clock } = await manualContext();
    const stream = ssc.mqttStream(broker.url, "plant/#", { clientId: "plant-reader" });
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await broker.waitForSubscription("plant-reader", "plant/#");
    await publish(await client(broker), "plant/a", ["before"]);
    await until(() => stream.receiverInfo.recordsStored === 1, "the first message");
    await broker.stop();
    await until(() => stream.receiverInfo.state === "restarting", "the broker's absence noticed");
    expect(errors.at(-1)).toMatch(
      /^mqtt:\/\/127\.0\.0\.1:\d+ closed the connection; messages not yet acknowledged stay with the broker and come again\. Fix: check that the broker runs/,
    );
    const mark = broker.logMark;
    await broker.restart(); // same port, with its saved sessions
    await publish(await client(broker), "plant/b", ["while away"]);
    await advanceUntil(
      clock,
      () => payloads(out).length === 2,
      "the message published while the receiver was away",
    );
    await broker.waitForLog(/New client connected .* as plant-reader/, "reconnected", mark);
    expect(payloads(out)).toEqual(["before", "while away"]);
    expect(stream.receiverInfo.restarts).toBeGreaterThanOrEqual(1);
  });

  it("explains refused credentials with the fix; the right ones connect", async () => {
    const user = { username: "reader", password: "s3cret" };
    const broker = await startBroker({ user });
    const { ssc, clock } = await manualContext();
    const wrong = ssc.mqttStream(broker.url, "secure/#", {
      clientId: "wrong",
      password: "nope",
      username: "reader",
    });
    const right = ssc.mqttStream(broker.url, "secure/#", { clientId: "right", ...user });
    wrong.foreachRDD(() => {});
    const out = collectOutput(right);
    ssc.start();
    await until(() => wrong.receiverInfo.state === "restarting", "the refusal noticed");
    expect(wrong.receiverInfo.lastErrorMessage).toMatch(
      /^mqtt:\/\/127\.0\.0\.1:\d+ refused the credentials \(Connection refused: (Not authorized|Bad username or password)\)\. Fix: pass the user the broker knows/,
    );
    await broker.waitForSubscription("right", "secure/#");
    await publish(await client(broker, user), "secure/x", ["ok"]);
    await until(() => right.receiverInfo.recordsStored === 1, "the message");
    await clock.advance(Seconds(1));
    expect(payloads(out)).toEqual(["ok"]);
  });

  it("refuses bad arguments when the stream is defined", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.mqttStream("http://localhost:1883", "a")).toThrow(/is not an MQTT URL\. Fix/);
    expect(() => ssc.mqttStream("mqtt://localhost:1883", [])).toThrow(IllegalArgumentError);
    expect(() => ssc.mqttStream("mqtt://localhost:1883", "a", { qos: 2 as 1 })).toThrow(/qos must be 0 or 1/);
    expect(() => ssc.mqttStream("mqtt://localhost:1883", "a", { json: true, binary: true } as never)).toThrow(
      /json and binary exclude each other/,
    );
  });
});
