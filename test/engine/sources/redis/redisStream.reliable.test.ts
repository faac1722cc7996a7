import { afterEach, describe, expect, it } from "vitest";
import { Milliseconds, Seconds } from "../../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import {
  addEntries,
  blockMetadata,
  cleanUp,
  connectClient,
  idsOf,
  makeIdle,
  pendingEntries,
  readAndDie,
  source,
  startRedis,
  untilAcknowledged,
} from "./redisTestKit";

afterEach(cleanUp);

describe("redisStream: reliable", () => {
  it("on start, re-reads its own pending entries, claims a dead consumer's idle ones, then reads new ones", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const ids = await addEntries(
      producer,
      "events",
      Array.from({ length: 7 }, (_, i) => ({ n: String(i) })),
    );
    // worker-1's earlier life read two entries and died before acknowledging them; worker-9 read
    // three and died too, ten minutes ago.
    await readAndDie(producer, "worker-1", 2);
    await readAndDie(producer, "worker-9", 3);
    await makeIdle(producer, "worker-9", ids.slice(2, 5), 600_000);

    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url, { claimIdleMs: 60_000 }));
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.recordsStored === 7, "every entry");
    await clock.advance(Seconds(1));
    expect(out[0]!.records.map((r) => r.id)).toEqual(ids);
    expect(blockMetadata(batches[0]!, stream.inputId).map((b) => [b.delivery, b.firstId, b.lastId])).toEqual([
      ["pending", ids[0], ids[1]],
      ["claimed", ids[2], ids[4]],
      ["new", ids[5], ids[6]],
    ]);
    await untilAcknowledged(producer);
  });

  it("while running, claims what a consumer that died left pending for claimIdleMs", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url, { claimIdleMs: 50, blockMs: 10 }));
    const out = collectOutput(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected");
    // worker-2 reads two new entries in the transaction that adds them (so worker-1, blocked on
    // new entries, never gets them), then dies.
    const [first, second] = (await producer
      .multi()
      .xAdd("events", "*", { n: "1" })
      .xAdd("events", "*", { n: "2" })
      .xReadGroup("counters", "worker-2", { key: "events", id: ">" })
      .exec()) as unknown as [string, string];
    await until(() => stream.receiverInfo.recordsStored === 2, "both entries, claimed once idle 50 ms");
    await clock.advance(Seconds(1));
    expect(idsOf(out)).toEqual([first, second]);
    expect(blockMetadata(batches[0]!, stream.inputId).map((b) => b.delivery)).toEqual(["claimed"]);
    await untilAcknowledged(producer);
  });

  it("killed mid-stream and restarted: no entry lost; only entries pending at the kill may come twice", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    const stream = ssc.redisStream(source(redis.url, { batchSize: 20 }));
    const out = collectOutput(stream);
    ssc.start();
    await until(() => stream.receiverInfo.state === "active", "connected");

    // A producer adding 3,000 entries in runs of 50 while the receiver reads them, 20 at a time.
    const N = 3000;
    const produced: string[] = [];
    const producing = (async () => {
      for (let i = 0; i < N; i += 50) {
        const run = Array.from({ length: 50 }, (_, j) => producer.xAdd("events", "*", { n: String(i + j) }));
        produced.push(...(await Promise.all(run)));
      }
    })();
    await until(() => stream.receiverInfo.recordsStored >= 500, "500 entries stored");
    stream.receiver.restart("killed by the test"); // the receiver dies; the broker stays up
    // Entries read (maybe stored) and not acknowledged: the only ones that may arrive twice.
    const pendingAtKill = new Set((await pendingEntries(producer, "events", "counters")).map((p) => p.id));

    await clock.advance(Milliseconds(500)); // the restart's backoff
    await producing;
    const deadline = Date.now() + 15_000;
    const seen = () => new Set(idsOf(out));
    while (seen().size < N) {
      if (Date.now() > deadline) throw new Error(`only ${seen().size} of ${N} entries arrived`);
      await until(() => stream.supervisor.bufferedRecords > 0, "more entries stored");
      await clock.advance(Seconds(1));
    }
    const ids = idsOf(out);
    expect(new Set(ids)).toEqual(new Set(produced)); // none lost
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    for (const id of twice) expect(pendingAtKill.has(id)).toBe(true);
    expect(ids.length).toBe(N + twice.length);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 1 });
    await untilAcknowledged(producer);
  });

  it("its connection killed between storing and acknowledging: those entries, and only those, come twice", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const { ssc, clock } = await manualContext();
    // At 100 records/s a block waits for permits, which a ManualClock standing still never gives:
    // the entries are read (pending) and their block is not stored yet.
    const stream = ssc.redisStream(source(redis.url, { maxRate: 100 }));
    const out = collectOutput(stream);
    // Added before the start, so that one read takes all three (the group starts at "0").
    const ids = await addEntries(producer, "events", [{ n: "1" }, { n: "2" }, { n: "3" }]);
    ssc.start();
    await until(() => stream.supervisor.bufferedRecords === 3, "the block waiting for the rate");

    // The source names its connection (CLIENT SETNAME) after its group and consumer.
    const list = (await producer.sendCommand(["CLIENT", "LIST"])) as string;
    const line = list.split("\n").find((l) => l.includes(" name=dstream-lab:counters:worker-1 "));
    const connection = /^id=(\d+) /.exec(line ?? "")?.[1];
    expect(connection).toBeDefined();
    await producer.sendCommand(["CLIENT", "KILL", "ID", connection!]);
    await until(() => stream.receiverInfo.state === "restarting", "the drop noticed");
    expect(stream.receiverInfo.lastErrorMessage).toMatch(
      new RegExp(
        `^${redis.url} closed the connection \\(.*\\); entries read but not yet acknowledged stay pending`,
      ),
    );
    const pendingAtKill = (await pendingEntries(producer, "events", "counters")).map((p) => p.id);
    expect(pendingAtKill).toEqual(ids);

    // The block is stored once the rate allows (20 ms), but its XACK cannot go out on the dead
    // connection; the restart (500 ms) reads the consumer's pending entries again.
    await clock.advance(Milliseconds(500));
    await until(() => stream.receiverInfo.recordsStored === 6, "the pending entries read again");
    await clock.advance(Milliseconds(500));
    expect(idsOf(out)).toEqual([...ids, ...ids]);
    await untilAcknowledged(producer);
  });

  it("stops cleanly: acknowledges what it stored, and a new context with the same consumer goes on from there", async () => {
    const redis = await startRedis();
    const producer = await connectClient(redis.url);
    const first = await manualContext();
    const stream1 = first.ssc.redisStream(source(redis.url));
    const out1 = collectOutput(stream1);
    first.ssc.start();
    const ids = await addEntries(producer, "events", [{ n: "1" }, { n: "2" }]);
    await until(() => stream1.receiverInfo.recordsStored === 2, "two entries");
    await first.clock.advance(Seconds(1));
    await first.ssc.stop();
    const more = await addEntries(producer, "events", [{ n: "3" }]);

    const second = await manualContext();
    const stream2 = second.ssc.redisStream(source(redis.url));
    const out2 = collectOutput(stream2);
    second.ssc.start();
    await until(() => stream2.receiverInfo.recordsStored === 1, "the entry added meanwhile");
    await second.clock.advance(Seconds(1));
    expect(out1.flatMap((b) => b.records.map((r) => r.id))).toEqual(ids);
    expect(out2.flatMap((b) => b.records.map((r) => r.id))).toEqual(more);
  });
});
