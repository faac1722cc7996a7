import { afterAll, afterEach, beforeAll } from "vitest";
import {
  type KafkaDirectInputDStream,
  type KafkaDirectStreamOptions,
  type KafkaRecord,
  type OffsetRange,
  offsetRanges,
  StreamingContext,
} from "../../../../engine";
import { KafkaMockCluster } from "../../../helpers/KafkaMockCluster";
import { until } from "../../../helpers/until";

/**
 * One real cluster per test file: 3 brokers (librdkafka's mock cluster, on loopback), a fresh
 * topic and group per test. The kafkajs consumer joins its group over the network, which the
 * mock makes take 3 s (Kafka's group.initial.rebalance.delay.ms): waits are on conditions.
 */
export function useKafkaCluster() {
  const kit = {
    cluster: undefined as unknown as KafkaMockCluster,
    seq: 0,
    /** A new topic with `partitions` partitions, and a group name of its own. */
    async freshTopic(partitions: number): Promise<{ topic: string; groupId: string }> {
      const topic = kit.newTopicName();
      await kit.cluster.createTopic(topic, partitions);
      return { topic, groupId: `g-${topic}` };
    },
    newTopicName(): string {
      return `t${++kit.seq}`;
    },
    /**
     * The options every test's stream takes: the cluster, and a short session timeout, as the mock
     * waits that long less 1 s before it lets a new consumer into a group another one left (more
     * than its 3 s first-join delay, or it would time the joining member out).
     */
    options(topic: string, groupId: string): KafkaDirectStreamOptions & { valueAs?: "string" } {
      return { brokers: kit.cluster.brokers, topics: topic, groupId, sessionTimeoutMs: 4000 };
    },
    /** Produces `n` messages per partition, valued "p<partition>-<i>", keyed "k<i>". */
    async produceEach(topic: string, partitions: number, n: number, from = 0): Promise<string[]> {
      const values: string[] = [];
      for (let p = 0; p < partitions; p++) {
        const messages = Array.from({ length: n }, (_, i) => ({
          partition: p,
          key: `k${from + i}`,
          value: `p${p}-${from + i}`,
        }));
        values.push(...messages.map((m) => m.value));
        await kit.cluster.produce(topic, messages);
      }
      return values;
    },
  };
  beforeAll(async () => {
    kit.cluster = await KafkaMockCluster.start(3);
  }, 30_000);
  afterAll(async () => {
    await kit.cluster?.stop();
  });
  afterEach(async () => {
    await StreamingContext.getActive()?.stop();
  });
  return kit;
}

/** Every batch of the stream: its records per RDD partition, and its offset ranges. */
export function collectKafka<V>(stream: KafkaDirectInputDStream<V>) {
  const out: { time: number; partitions: KafkaRecord<V>[][]; ranges: readonly OffsetRange[] }[] = [];
  stream.foreachRDD((rdd, time) => {
    const ranges = offsetRanges(rdd);
    const partitions = ranges.map(() => [] as KafkaRecord<V>[]);
    for (const r of rdd.collect()) partitions[ranges.findIndex((x) => x.partition === r.partition)]!.push(r);
    out.push({ time: time.milliseconds, partitions, ranges });
  });
  return out;
}

/** Every value the batches held, sorted. */
export function valuesOf<V>(batches: { partitions: KafkaRecord<V>[][] }[]): (V | null)[] {
  return batches.flatMap((b) => b.partitions.flat().map((r) => r.value)).sort();
}

/** The ranges of a batch as [from, until] pairs. */
export function spans(ranges: readonly OffsetRange[]): number[][] {
  return ranges.map((r) => [r.fromOffset, r.untilOffset]);
}

/** Resolves once the stream's consumer has joined its group. */
export function connected(stream: KafkaDirectInputDStream<unknown>): Promise<void> {
  return until(() => stream.status.state === "active", "the consumer joined its group", 15_000);
}
