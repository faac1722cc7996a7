import { describe, expect, it } from "vitest";
import { Seconds } from "../../../../engine";
import { manualContext } from "../../../helpers/testStreams";
import { until } from "../../../helpers/until";
import { collectKafka, spans, useKafkaCluster, valuesOf } from "./kafkaTestKit";

const kit = useKafkaCluster();

describe("kafkaDirectStream: offsets committed only after the batch's outputs", () => {
  it("commits each finished batch's untils; a failed batch holds commits back, and a restart reprocesses it", async () => {
    const { topic, groupId } = await kit.freshTopic(2);
    await kit.produceEach(topic, 2, 3);
    const { ssc, clock } = await manualContext();
    const stream = ssc.kafkaDirectStream(kit.options(topic, groupId));
    let failAt: number | undefined;
    const seen: (string | null)[] = [];
    stream.foreachRDD((rdd, time) => {
      const values = rdd.map((r) => r.value).collect();
      if (time.milliseconds === failAt) throw new Error("the sink is down");
      seen.push(...values);
    });
    ssc.start();
    await until(() => stream.bufferedRecords === 6, "six messages fetched", 15_000);
    // Fetched is not committed: nothing reached Kafka before the batch ran.
    expect(await kit.cluster.committed(groupId, topic)).toEqual(new Map());
    await clock.advance(Seconds(1));
    await until(() => stream.status.partitions.every((p) => p.committedOffset === 3), "batch 1 committed");
    expect(await kit.cluster.committed(groupId, topic)).toEqual(
      new Map([
        [0, 3],
        [1, 3],
      ]),
    );

    failAt = 2000;
    await kit.produceEach(topic, 2, 2, 3);
    await until(() => stream.bufferedRecords === 4, "batch 2's records fetched");
    await clock.advance(Seconds(1));
    await kit.produceEach(topic, 2, 1, 5);
    await until(() => stream.bufferedRecords === 2, "batch 3's records fetched");
    await clock.advance(Seconds(1)); // succeeds, but after the failed one: not committed either
    expect(stream.status.commitsHeldSince).toBe(2000);
    expect(stream.status.lastErrorMessage).toMatch(
      /the batch at 2000 ms failed, so its offsets \(t\d+\/0@3, t\d+\/1@3\) and every later batch's stay uncommitted\. Fix: /,
    );
    await ssc.stop();
    expect(await kit.cluster.committed(groupId, topic)).toEqual(
      new Map([
        [0, 3],
        [1, 3],
      ]),
    );
    expect(seen.sort()).toEqual(["p0-0", "p0-1", "p0-2", "p0-5", "p1-0", "p1-1", "p1-2", "p1-5"]);

    // A restarted stream of the group reads from the committed offsets: the failed batch's records
    // (p*-3, p*-4) come again, and so do the later batch's (p*-5): at-least-once.
    const again = await manualContext();
    const restarted = again.ssc.kafkaDirectStream(kit.options(topic, groupId));
    const out = collectKafka(restarted);
    again.ssc.start();
    await until(() => restarted.bufferedRecords === 6, "the uncommitted records fetched again", 15_000);
    await again.clock.advance(Seconds(1));
    expect(spans(out[0]!.ranges)).toEqual([
      [3, 6],
      [3, 6],
    ]);
    expect(valuesOf(out)).toEqual(["p0-3", "p0-4", "p0-5", "p1-3", "p1-4", "p1-5"]);
  }, 25_000);

  it("a stream restarted from the committed offsets continues exactly where the last finished batch ended", async () => {
    const { topic, groupId } = await kit.freshTopic(3);
    const all = await kit.produceEach(topic, 3, 5);
    const run = async (expected: number) => {
      const { ssc, clock } = await manualContext();
      const stream = ssc.kafkaDirectStream({ ...kit.options(topic, groupId), maxRatePerPartition: 3 });
      const out = collectKafka(stream);
      ssc.start();
      await until(() => stream.bufferedRecords === expected, `${expected} records fetched`, 15_000);
      await clock.advance(Seconds(1)); // at most 3 per partition: the rest stays in Kafka
      await ssc.stop();
      return out;
    };
    const first = await run(15);
    expect(spans(first[0]!.ranges)).toEqual([
      [0, 3],
      [0, 3],
      [0, 3],
    ]);
    all.push(...(await kit.produceEach(topic, 3, 1, 5)));
    const second = await run(9); // offsets 3 to 5 of each partition, nothing before
    expect(spans(second[0]!.ranges)).toEqual([
      [3, 6],
      [3, 6],
      [3, 6],
    ]);
    expect(valuesOf([...first, ...second])).toEqual(all.sort());
  }, 25_000);
});
