import { describe, expect, it } from "vitest";
import { Milliseconds, Seconds } from "../../../../engine";
import { kafkaSummary } from "../../../../kernel/display/kafkaSummary";
import { collectBatches, manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import { collectKafka, connected, spans, useKafkaCluster, valuesOf } from "./kafkaTestKit";

const kit = useKafkaCluster();

describe("kafkaDirectStream: each batch is an offset range per partition, its records arriving once", () => {
  it("delivers known records once, with their metadata, one RDD partition per Kafka partition", async () => {
    const { topic, groupId } = await kit.freshTopic(3);
    await kit.cluster.produce(topic, [
      { partition: 0, key: "a", value: "first", headers: { source: "test", tags: ["x", "y"] } },
      { partition: 2, value: "no key" },
    ]);
    const { ssc, clock } = await manualContext();
    const stream = ssc.kafkaDirectStream(kit.options(topic, groupId));
    const out = collectKafka(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await connected(stream);
    await until(() => stream.bufferedRecords === 2, "the two messages fetched");
    await clock.advance(Seconds(1));
    const more = await kit.produceEach(topic, 3, 4);
    await until(() => stream.bufferedRecords === 12, "twelve more fetched");
    await clock.advance(Seconds(1));

    expect(out.map((b) => b.ranges)).toEqual([
      [
        { topic, partition: 0, fromOffset: 0, untilOffset: 1 },
        { topic, partition: 1, fromOffset: 0, untilOffset: 0 },
        { topic, partition: 2, fromOffset: 0, untilOffset: 1 },
      ],
      [
        { topic, partition: 0, fromOffset: 1, untilOffset: 5 },
        { topic, partition: 1, fromOffset: 0, untilOffset: 4 },
        { topic, partition: 2, fromOffset: 1, untilOffset: 5 },
      ],
    ]);
    const first = out[0]!.partitions[0]![0]!;
    expect(first).toMatchObject({
      topic,
      partition: 0,
      offset: 0,
      key: "a",
      value: "first",
      headers: { source: "test", tags: ["x", "y"] },
    });
    expect(Math.abs(first.timestamp - Date.now())).toBeLessThan(60_000);
    expect(out[0]!.partitions[2]![0]).toMatchObject({ partition: 2, offset: 0, key: null, value: "no key" });
    // Each record once, in the RDD partition of its Kafka partition, in offset order.
    expect(out[1]!.partitions.map((p) => p.map((r) => r.offset))).toEqual([
      [1, 2, 3, 4],
      [0, 1, 2, 3],
      [1, 2, 3, 4],
    ]);
    expect(valuesOf(out.slice(1))).toEqual([...more].sort());
    // The ranges and the lag are on the BatchInfo too.
    const info = batches[1]!.streamIdToInputInfo.get(stream.inputId)!;
    expect(info.numRecords).toBe(12);
    expect(info.metadata).toEqual({ offsetRanges: out[1]!.ranges, lag: 0 });
    // The monitor's Kafka table: the last batch's range, the committed offset, the lag.
    await until(() => stream.status.partitions.every((p) => p.committedOffset === p.nextOffset), "committed");
    expect(kafkaSummary(ssc).table!.rows).toEqual([
      [`${topic}/0`, "active", "1..5", 4, 5, 0, 0],
      [`${topic}/1`, "active", "0..4", 4, 4, 0, 0],
      [`${topic}/2`, "active", "1..5", 4, 5, 0, 0],
    ]);
  }, 20_000);

  it("counts a value that is not JSON as a bad record with valueAs json; valueAs buffer gives the bytes", async () => {
    const { topic, groupId } = await kit.freshTopic(1);
    await kit.cluster.produce(topic, [{ value: '{"x":1}' }, { value: "{x: 2}" }, { value: "[3]" }]);
    const { ssc, clock } = await manualContext();
    const stream = ssc.kafkaDirectStream<{ x: number } | number[]>({
      ...kit.options(topic, groupId),
      valueAs: "json",
    });
    const out = collectKafka(stream);
    const batches = collectBatches(ssc);
    ssc.start();
    await until(() => stream.bufferedRecords === 3, "three messages fetched", 15_000);
    await clock.advance(Seconds(1));
    expect(out[0]!.partitions[0]!.map((r) => r.value)).toEqual([{ x: 1 }, [3]]);
    // The bad one's offset is inside the range: set aside and counted, not lost silently.
    expect(out[0]!.ranges).toEqual([{ topic, partition: 0, fromOffset: 0, untilOffset: 3 }]);
    expect(batches[0]!.streamIdToInputInfo.get(stream.inputId)).toMatchObject({
      numRecords: 2,
      badRecords: 1,
    });
    expect(stream.status.badRecords).toBe(1);
    expect(stream.status.lastErrorMessage).toMatch(
      new RegExp(
        `the value of ${topic}/0@1 is not valid JSON \\(.*\\) and was set aside\\. Fix: produce one JSON`,
      ),
    );
    await ssc.stop();

    const binary = await kit.freshTopic(1);
    await kit.cluster.produce(binary.topic, [{ value: Buffer.from([0xff, 0x00]) }]);
    const ctx = await manualContext();
    const bytes = ctx.ssc.kafkaDirectStream({
      ...kit.options(binary.topic, binary.groupId),
      valueAs: "buffer",
    });
    const got = collectKafka(bytes);
    ctx.ssc.start();
    await until(() => bytes.bufferedRecords === 1, "the binary message fetched", 15_000);
    await ctx.clock.advance(Seconds(1));
    expect(got[0]!.partitions[0]![0]!.value).toEqual(Buffer.from([0xff, 0x00]));
  }, 20_000);

  it("maxRatePerPartition bounds the records per partition per batch; the ranges stay contiguous", async () => {
    const { topic, groupId } = await kit.freshTopic(3);
    await kit.produceEach(topic, 3, 5);
    const { ssc, clock } = await manualContext({ batch: Milliseconds(500) });
    const stream = ssc.kafkaDirectStream({ ...kit.options(topic, groupId), maxRatePerPartition: 4 });
    const out = collectKafka(stream);
    ssc.start();
    await until(() => stream.bufferedRecords === 15, "fifteen fetched", 15_000);
    await clock.advance(Milliseconds(1500));
    // 4 records/s × 0.5 s = 2 per partition per batch.
    expect(out.map((b) => b.partitions.map((p) => p.length))).toEqual([
      [2, 2, 2],
      [2, 2, 2],
      [1, 1, 1],
    ]);
    expect(out.map((b) => spans(b.ranges)[1])).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
    expect(stream.status.partitions.map((p) => p.lag)).toEqual([0, 0, 0]);
  }, 20_000);

  it("backpressure's rate caps the ranges, shared by lag; a full buffer pauses its partition until a batch takes it", async () => {
    const { topic, groupId } = await kit.freshTopic(2);
    const sent = await kit.produceEach(topic, 2, 6);
    // Until the first estimate, backpressure holds the stream to initialRate: 4 records/s for
    // 2 partitions with equal lag is 2 per partition per 1 s batch.
    const { ssc, clock } = await manualContext({ backpressure: { initialRate: 4 } });
    const stream = ssc.kafkaDirectStream({ ...kit.options(topic, groupId), maxBufferedPerPartition: 3 });
    const out = collectKafka(stream);
    ssc.start();
    await until(
      () => stream.status.partitions.length === 2 && stream.status.partitions.every((p) => p.paused),
      "both partitions paused, their buffers full",
      15_000,
    );
    await clock.advance(Seconds(1));
    expect(out[0]!.partitions.map((p) => p.length)).toEqual([2, 2]);
    // Resumed once a batch took them below half the limit; all records come, each once.
    for (let i = 0; i < 20 && out.flatMap((b) => b.partitions.flat()).length < 12; i++) {
      await until(() => stream.bufferedRecords > 0, "more fetched");
      await clock.advance(Seconds(1));
    }
    expect(valuesOf(out)).toEqual(sent.sort());
  }, 25_000);

  it("rejects bad options with the fix", async () => {
    const { ssc } = await manualContext();
    const base = { brokers: "x:9092", topics: "t", groupId: "g" };
    expect(() => ssc.kafkaDirectStream({ ...base, brokers: "http://x:9092" })).toThrow(
      /broker "http:\/\/x:9092" is not host:port\. Fix:/,
    );
    expect(() => ssc.kafkaDirectStream({ ...base, topics: [] })).toThrow(
      /topics must name at least one.*Fix/,
    );
    expect(() => ssc.kafkaDirectStream({ ...base, groupId: "" })).toThrow(/groupId must be a non-empty.*Fix/);
    expect(() => ssc.kafkaDirectStream({ ...base, maxRatePerPartition: 0 })).toThrow(
      /maxRatePerPartition must be a positive number/,
    );
    expect(() => ssc.kafkaDirectStream({ ...base, startingOffsets: { u: { 0: 1 } } })).toThrow(
      /names topic "u", which is not one of the stream's topics\. Fix/,
    );
    expect(() => ssc.kafkaDirectStream({ ...base, valueAs: "xml" as "json" })).toThrow(/valueAs must be/);
  });
});
