import { afterEach, describe, expect, it } from "vitest";
import { Milliseconds, Seconds } from "../../../../engine";
import { collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import {
  addEntries,
  cleanUp,
  connectClient,
  errorMessages,
  idsOf,
  source,
  startRedis,
  untilAcknowledged,
} from "./redisTestKit";

afterEach(cleanUp);

describe("redisStream: bad input", () => {
  it("a server down at start: says so with the URL and the fix, and connects once it is up", async () => {
    const redis = await startRedis();
    await redis.stop();
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "restarting", "the refusal noticed");
    expect(errors[0]).toMatch(
      new RegExp(
        `^connection refused by ${redis.url} \\(.*ECONNREFUSED.*\\): ` +
          "no Redis server listens there\\. Fix: start redis-server \\(redis-server --port <port>\\), or check the host " +
          "and port of the URL; reconnecting with backoff\\.$",
      ),
    );

    await redis.restart();
    await clock.advance(Milliseconds(500)); // the first backoff
    await until(() => stream.receiverInfo.state === "active", "connected");
    const producer = await connectClient(redis.url);
    const ids = await addEntries(producer, "events", [{ word: "up" }]);
    await until(() => stream.receiverInfo.recordsStored === 1, "the entry");
    await clock.advance(Milliseconds(500));
    expect(out).toEqual([{ time: 1000, records: [{ id: ids[0], key: "events", fields: { word: "up" } }] }]);
  });

  it("the server going away mid-stream: restarts with backoff, and nothing acknowledged comes again or is lost", async () => {
    const redis = await startRedis({ appendOnly: true });
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    const out = collectOutput(stream);
    const errors = errorMessages(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected");
    const before = await addEntries(producer, "events", [{ n: "1" }, { n: "2" }]);
    await until(() => stream.receiverInfo.recordsStored === 2, "two entries");
    await untilAcknowledged(producer);

    await redis.stop();
    await until(() => stream.receiverInfo.state === "restarting", "the drop noticed");
    expect(errors.at(-1)).toMatch(
      new RegExp(
        `^${redis.url} closed the connection \\(.*\\); entries read but not yet acknowledged stay pending`,
      ),
    );
    expect(errors.at(-1)).toMatch(/Fix: check that redis-server is up.*reconnecting with backoff\.$/);

    await redis.restart(); // its append-only file kept the stream and the group's acknowledgements
    await clock.advance(Milliseconds(500));
    await until(() => stream.receiverInfo.state === "active", "reconnected");
    const after = await addEntries(await connectClient(redis.url), "events", [{ n: "3" }]);
    await until(() => stream.receiverInfo.recordsStored === 3, "the entry after the restart");
    await clock.advance(Milliseconds(500));
    expect(idsOf(out)).toEqual([...before, ...after]);
    expect(stream.receiverInfo.restarts).toBe(1);
  });

  it("wrong or missing credentials: says which, with the fix, and never shows the password", async () => {
    const redis = await startRedis({ password: "s3cret" });
    const { ssc, clock } = await manualContext();
    const withoutPassword = ssc.redisStream(source(redis.url));
    const wrongPassword = ssc.redisStream(
      source(`redis://:wr0ng@127.0.0.1:${redis.port}`, { consumer: "w2" }),
    );
    const right = ssc.redisStream(source(`redis://:s3cret@127.0.0.1:${redis.port}`, { consumer: "w3" }));
    const out = collectOutput(right);
    withoutPassword.foreachRDD(() => {});
    wrongPassword.foreachRDD(() => {});
    ssc.start();
    await until(
      () =>
        withoutPassword.receiverInfo.state === "restarting" &&
        wrongPassword.receiverInfo.state === "restarting",
      "both refusals noticed",
    );
    expect(withoutPassword.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^${redis.url} asks for a password \\(NOAUTH .*\\)\\. ` +
          "Fix: put it in the URL, redis://:<password>@host:port",
      ),
    );
    expect(wrongPassword.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `${redis.url} refused the credentials \\(WRONGPASS .*\\)\\. Fix: put the right password in the URL, ` +
          "redis://:<password>@host:port",
      ),
    );
    expect(wrongPassword.receiverInfo.name).toBe(`redis ${redis.url} stream events`);
    for (const s of [withoutPassword, wrongPassword, right]) {
      expect(JSON.stringify(s.receiverInfo)).not.toMatch(/wr0ng|s3cret/);
    }

    await until(() => right.receiverInfo.state === "active", "the right password connects");
    const producer = await connectClient(`redis://:s3cret@127.0.0.1:${redis.port}`);
    await addEntries(producer, "events", [{ ok: "1" }]);
    await until(() => right.receiverInfo.recordsStored === 1, "its entry");
    await clock.advance(Seconds(1));
    expect(out[0]!.records.map((r) => r.fields)).toEqual([{ ok: "1" }]);
  });

  it("a key holding something else than a stream (WRONGTYPE): names the key and the fix", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    await producer.set("events", "not a stream");
    const { ssc } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    stream.foreachRDD(() => {});
    ssc.start();
    await until(() => stream.receiverInfo.state === "restarting", "the refusal noticed");
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^the key "events" on ${redis.url} holds a value that is not a stream \\(WRONGTYPE .*\\)\\. ` +
          "Fix: pass the key of a stream, or remove that value \\(DEL events\\) so the source creates the stream; " +
          "reconnecting with backoff\\.$",
      ),
    );
  });
});

describe("redisStream: the stream changing under it", () => {
  it("an entry deleted while pending is a bad record (lost, said so); the others arrive", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const ids = await addEntries(producer, "events", [{ n: "1" }, { n: "2" }]);
    await producer.sendCommand(["XGROUP", "CREATE", "events", "counters", "0"]);
    await producer.sendCommand(["XREADGROUP", "GROUP", "counters", "worker-1", "STREAMS", "events", ">"]);
    await producer.sendCommand(["XDEL", "events", ids[0]!]);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    const out = collectOutput(stream);
    ssc.start();
    await until(() => stream.receiverInfo.recordsStored === 1, "the entry still there");
    await clock.advance(Seconds(1));
    expect(out[0]!.records.map((r) => r.id)).toEqual([ids[1]]);
    expect(stream.receiverInfo.badRecords).toBe(1);
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `: entry ${ids[0]} was deleted from the stream while pending .*it is lost\\. Fix: trim the stream`,
      ),
    );
    await untilAcknowledged(producer);
  });

  it("the group destroyed while reading: says so, and the restart creates it again", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    const out = collectOutput(stream);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected");
    await producer.sendCommand(["XGROUP", "DESTROY", "events", "counters"]);
    await until(() => stream.receiverInfo.state === "restarting", "the loss noticed");
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^the consumer group "counters" of "events" is gone from ${redis.url} .*the restart creates the group again`,
      ),
    );
    const ids = await addEntries(producer, "events", [{ n: "1" }]);
    await clock.advance(Milliseconds(500));
    await until(() => stream.receiverInfo.recordsStored === 1, "the entry, read by the group created again");
    await clock.advance(Milliseconds(500));
    expect(out[0]!.records.map((r) => r.id)).toEqual(ids);
  });
});
