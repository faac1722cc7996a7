import { afterEach, describe, expect, it } from "vitest";
import { IllegalArgumentError, type RedisStreamRecord, Seconds } from "../../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import {
  addEntries,
  blockMetadata,
  cleanUp,
  connectClient,
  source,
  startRedis,
  untilAcknowledged,
} from "./redisTestKit";

afterEach(cleanUp);

describe("redisStream: entries arrive once each, acknowledged once stored", () => {
  it("reads XADDed entries with their ids and fields, batch by batch, with ids in the batch's metadata", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url));
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected, the group created");
    expect(stream.receiverInfo.name).toBe(`redis ${redis.url} stream events`);

    const first = await addEntries(producer, "events", [
      { word: "a", n: "1" },
      { word: "b", n: "2" },
      { word: "c", n: "3" },
    ]);
    await until(() => stream.receiverInfo.recordsStored === 3, "the first three entries stored");
    await clock.advance(Seconds(1));
    const second = await addEntries(producer, "events", [{ word: "d" }, { word: "e" }]);
    await until(() => stream.receiverInfo.recordsStored === 5, "two more");
    await clock.advance(Seconds(1));

    const record = (id: string, fields: Record<string, string>): RedisStreamRecord => ({
      id,
      key: "events",
      fields,
    });
    expect(out).toEqual([
      {
        time: 1000,
        records: [
          record(first[0]!, { word: "a", n: "1" }),
          record(first[1]!, { word: "b", n: "2" }),
          record(first[2]!, { word: "c", n: "3" }),
        ],
      },
      { time: 2000, records: [record(second[0]!, { word: "d" }), record(second[1]!, { word: "e" })] },
    ]);
    // Each block is one XREADGROUP: its ids, and how they came ("new": never read before).
    for (const [b, ids] of [
      [0, first],
      [1, second],
    ] as const) {
      const metadata = blockMetadata(batches[b]!, stream.inputId);
      expect(metadata[0]).toMatchObject({
        key: "events",
        group: "counters",
        consumer: "worker-1",
        delivery: "new",
      });
      expect(metadata[0]!.firstId).toBe(ids[0]);
      expect(metadata.at(-1)!.lastId).toBe(ids.at(-1));
      expect(metadata.reduce((n, m) => n + (m.entries as number), 0)).toBe(ids.length);
    }
    await untilAcknowledged(producer);
  });

  it("with json: parses that field; a missing field or invalid JSON is a bad record, counted and acknowledged", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream<{ px: number } | number[]>(source(redis.url, { json: "payload" }));
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected");
    const ids = await addEntries(producer, "events", [
      { payload: '{"px":1}' },
      { payload: "{px: 2}" },
      { other: "1" },
      { payload: "[1,2]", extra: "x" },
    ]);
    await until(() => stream.receiverInfo.recordsStored === 2, "the two good entries");
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual([
      { id: ids[0], key: "events", value: { px: 1 } },
      { id: ids[3], key: "events", value: [1, 2] },
    ]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 2,
      badRecords: 2,
    });
    expect(stream.receiverInfo.badRecords).toBe(2);
    expect(stream.receiverInfo.lastErrorMessage).toBe(
      `redis ${redis.url} stream events: entry ${ids[2]} has no field "payload" and was set aside ` +
        `(acknowledged; XRANGE events ${ids[2]} ${ids[2]} shows it). Fix: XADD the JSON under "payload", or ` +
        "leave json off to get every field.",
    );
    // Bad entries are acknowledged too: counted and set aside, they must not come back on every restart.
    await untilAcknowledged(producer);
    expect(stream.receiverInfo.state).toBe("active");
  });

  it("refuses options that cannot work when the stream is defined", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.redisStream(source("http://localhost:6379"))).toThrow(
      /url http:\/\/localhost:6379 is not a redis:\/\/ or rediss:\/\/ URL\. Fix/,
    );
    expect(() => ssc.redisStream(source("redis://localhost:6379", { group: "" }))).toThrow(
      IllegalArgumentError,
    );
    expect(() => ssc.redisStream(source("redis://localhost:6379", { batchSize: 0.5 }))).toThrow(
      /batchSize must be a positive integer/,
    );
    expect(() => ssc.redisStream(source("redis://localhost:6379", { claimIdleMs: -1 }))).toThrow(
      /claimIdleMs must be a positive number/,
    );
  });
});
