import { describe, expect, it } from "vitest";
import { Milliseconds, Seconds, type StartingOffsets } from "../../../../engine";
import { manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import { collectKafka, connected, spans, useKafkaCluster, valuesOf } from "./kafkaTestKit";

const kit = useKafkaCluster();

describe("kafkaDirectStream: starting offsets", () => {
  it('starts at "latest" or at given offsets instead of the committed ones', async () => {
    const { topic, groupId } = await kit.freshTopic(2);
    await kit.produceEach(topic, 2, 4);
    const firstBatch = async (startingOffsets: StartingOffsets) => {
      const { ssc, clock } = await manualContext();
      const stream = ssc.kafkaDirectStream({ ...kit.options(topic, groupId), startingOffsets });
      const out = collectKafka(stream);
      ssc.start();
      await connected(stream);
      const lag = stream.status.partitions.reduce((s, p) => s + p.lag, 0);
      await until(() => stream.bufferedRecords === lag, "the lag fetched");
      await clock.advance(Seconds(1));
      await ssc.stop();
      return spans(out[0]!.ranges);
    };
    expect(await firstBatch("latest")).toEqual([
      [4, 4],
      [4, 4],
    ]);
    // Partition 0 is left out: it starts where the group committed (4, after the batch above).
    expect(await firstBatch({ [topic]: { 1: 1 } })).toEqual([
      [4, 4],
      [1, 4],
    ]);
  }, 25_000);
});

describe("kafkaDirectStream: a cluster down, a topic missing, brokers gone mid-stream", () => {
  it("reports a cluster that is down at start, naming the brokers and the fix, and retries with backoff", async () => {
    const down = "127.0.0.1:1"; // nothing listens on port 1
    const { ssc, clock } = await manualContext({ receiverRestartDelay: Milliseconds(200) });
    const stream = ssc.kafkaDirectStream({ brokers: down, topics: "t", groupId: "g" });
    const errors: string[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e.message) });
    stream.print();
    ssc.start();
    await until(() => stream.status.state === "reconnecting", "the failure noticed", 15_000);
    expect(stream.status.lastErrorMessage).toMatch(
      /^kafkaDirectStream \(group "g"\): cannot reach the Kafka brokers 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\)\. Fix: start the cluster, or check the brokers list .*reconnecting with backoff\.$/,
    );
    expect(errors).toEqual([stream.status.lastErrorMessage]);
    await clock.advance(Milliseconds(200)); // the retry comes on the context's clock
    await until(() => errors.length === 2, "the retry failed too", 15_000);
  }, 20_000);

  it("reports an unknown topic, and reads it once it exists", async () => {
    const topic = kit.newTopicName();
    await kit.cluster.topicUnknown(topic);
    const { ssc, clock } = await manualContext({ receiverRestartDelay: Milliseconds(100) });
    const stream = ssc.kafkaDirectStream(kit.options(topic, `g-${topic}`));
    const out = collectKafka(stream);
    ssc.start();
    await until(() => stream.status.lastErrorMessage !== undefined, "the missing topic noticed", 15_000);
    expect(stream.status.state).toBe("reconnecting");
    expect(stream.status.lastErrorMessage).toMatch(
      new RegExp(
        `a topic does not exist on the Kafka brokers ${kit.cluster.brokers} \\(.*\\)\\. Fix: create it`,
      ),
    );
    await kit.cluster.topicUnknown(topic, false);
    await kit.cluster.produce(topic, [{ partition: 1, value: "late" }]);
    await clock.advance(Milliseconds(100));
    await until(() => stream.bufferedRecords === 1, "the record fetched once the topic exists", 15_000);
    await clock.advance(Milliseconds(900));
    expect(valuesOf(out)).toEqual(["late"]);
  }, 25_000);

  it("reconnects when the brokers go away mid-stream; nothing is lost or read twice", async () => {
    const { topic, groupId } = await kit.freshTopic(3);
    const sent = await kit.produceEach(topic, 3, 2);
    const { ssc, clock } = await manualContext({ receiverRestartDelay: Milliseconds(100) });
    const stream = ssc.kafkaDirectStream(kit.options(topic, groupId));
    const out = collectKafka(stream);
    ssc.start();
    await until(() => stream.bufferedRecords === 6, "six fetched", 15_000);
    for (const id of [1, 2, 3]) await kit.cluster.brokerDown(id);
    await until(() => stream.status.state === "reconnecting", "the lost brokers noticed", 15_000);
    expect(stream.status.lastErrorMessage).toMatch(
      new RegExp(
        `^kafkaDirectStream \\(group "${groupId}"\\): .*${kit.cluster.brokers}.*Fix: .*reconnecting with backoff`,
      ),
    );
    await clock.advance(Seconds(1)); // the batch takes what was fetched before the drop
    for (const id of [1, 2, 3]) await kit.cluster.brokerUp(id);
    sent.push(...(await kit.produceEach(topic, 3, 2, 2)));
    // Retries come on the context's clock, the backoff doubling while the brokers were away.
    for (let i = 0; i < 100 && stream.status.state !== "active"; i++) {
      await clock.advance(Milliseconds(100));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await until(() => stream.bufferedRecords === 6, "the later six fetched", 15_000);
    await clock.advance(Seconds(1));
    expect(valuesOf(out)).toEqual(sent.sort());
    expect(stream.status.reconnects).toBe(1);
  }, 30_000);
});
