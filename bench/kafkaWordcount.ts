/**
 * Word count from a Kafka topic (librdkafka's mock cluster: the real Kafka protocol, 3 brokers on
 * loopback, started by the bench as the tests do), beside kafkajs reading the same records in a
 * plain loop, in one run.
 *
 * A producer process (this file, forked with `produce`) first publishes BENCH_MESSAGES 100-byte
 * lines (bench/lines.ts) to a topic of BENCH_PARTITIONS partitions, ahead of both readers, in
 * batches of 1000 per request. Then each reader reads them all, with its own consumer group:
 *
 * - plain: a kafkajs consumer (`eachBatch`, autoCommit off), each value split into words counted
 *   in a Map (what the engine's pipeline computes). Records/s: the median of its 1 s periods (the
 *   first and last, partial, left out), and the whole drain (N over the time from the first
 *   record to the last: the group join, 3 s on the mock, is left out of both readers).
 * - engine: `ssc.kafkaDirectStream` (fetching ahead, offsets committed after each batch) →
 *   flatMap(split) → map([w, 1]) → reduceByKey, collected in foreachRDD, 1 s batches on the
 *   system clock. Records/s: the median of the full batches' records, and the whole drain (N over
 *   the time from the first record fetched to the batch that held the last), beside the batches'
 *   processing times. Twice: on the main thread alone (`workers: 0`), and with the default worker
 *   threads, to which the map tasks ship the records (objects of seven fields: the copy costs).
 *
 * The mock keeps about 5 MB per partition (older messages are deleted, as retention would), so the
 * messages are spread over enough partitions to keep them all; the bench checks that it did.
 * The cluster, the producer and the reader share the machine's two cores.
 *
 * Run: node --import tsx bench/kafkaWordcount.ts
 *   BENCH_MESSAGES=400000   messages published (each reader reads them all)
 *   BENCH_PARTITIONS=12     partitions of the topic (at most ~40,000 messages each)
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { Kafka, logLevel } from "kafkajs";
import { BatchContext, type BatchInfo, Seconds, StreamingContext } from "../engine";
import { KafkaMockCluster } from "../test/helpers/KafkaMockCluster";
import { countWords, medianOfFull } from "./brokerBench";
import { makeLines } from "./lines";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 12);
const TOPIC = "bench";

/** The producer process: publishes `n` lines round-robin over the partitions, 1000 per request. */
async function produce(brokers: string, n: number): Promise<void> {
  const lines = makeLines(Math.min(n, 100_000));
  const kafka = new Kafka({
    clientId: "bench-producer",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const started = performance.now();
  const BATCH = 1000;
  for (let i = 0; i < n; i += BATCH) {
    const count = Math.min(BATCH, n - i);
    await producer.send({
      topic: TOPIC,
      acks: 1,
      messages: Array.from({ length: count }, (_, j) => ({
        partition: (i / BATCH) % PARTITIONS,
        value: lines[(i + j) % lines.length]!,
      })),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  process.send!({ type: "published", n, seconds });
}

async function runPlain(brokers: string): Promise<{ median: number; drain: number }> {
  const kafka = new Kafka({
    clientId: "bench-plain",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: "plain", maxWaitTimeInMs: 200 });
  const counts = new Map<string, number>();
  const perSecond: number[] = [];
  let n = 0;
  let inSecond = 0;
  let first = 0;
  let tick: NodeJS.Timeout | undefined;
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  const done = new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (first === 0) {
          first = performance.now();
          tick = setInterval(() => {
            perSecond.push(inSecond);
            inSecond = 0;
          }, 1000);
        }
        for (const m of batch.messages) countWords(counts, m.value!.toString("utf8"));
        n += batch.messages.length;
        inSecond += batch.messages.length;
        if (n >= MESSAGES) resolve(performance.now());
      },
    });
  });
  const finished = await done;
  clearInterval(tick);
  perSecond.push(inSecond);
  await consumer.disconnect();
  return { median: medianOfFull(perSecond), drain: (MESSAGES / (finished - first)) * 1000 };
}

async function runEngine(
  brokers: string,
  workers: number | undefined,
): Promise<{ median: number; drain: number; processing: number[] }> {
  const sc = new BatchContext({
    appName: "kafka-wordcount",
    parallelism: 2,
    ...(workers === undefined ? {} : { workers }),
  });
  const ssc = new StreamingContext(sc, Seconds(1), { logErrors: true });
  const stream = ssc.kafkaDirectStream({ brokers, topics: TOPIC, groupId: `engine-${workers ?? "default"}` });
  stream
    .flatMap((r) => (r.value ?? "").split(" "))
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      rdd.collect();
    });
  const batches: BatchInfo[] = [];
  let processed = 0;
  let first = 0;
  const allProcessed = new Promise<number>((resolve) => {
    ssc.addStreamingListener({
      onBatchCompleted: (b) => {
        batches.push(b);
        processed += b.numRecords;
        if (processed >= MESSAGES) resolve(performance.now());
      },
    });
  });
  const poll = setInterval(() => {
    if (!first && stream.bufferedRecords > 0) first = performance.now();
  }, 5);
  ssc.start();
  const finished = await allProcessed;
  clearInterval(poll);
  await ssc.stop({ stopBatchContext: true });
  const withRecords = batches.map((b) => b.numRecords);
  // From the first batch with records: the ones before waited for the group join.
  const firstBatch = withRecords.findIndex((r) => r > 0);
  return {
    median: medianOfFull(withRecords.slice(firstBatch)),
    drain: (MESSAGES / (finished - first)) * 1000,
    processing: batches.slice(firstBatch).map((b) => b.processingDelay ?? 0),
  };
}

/** Throws unless every partition still holds all it was sent (the mock deletes beyond ~5 MB). */
async function checkAllKept(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: "bench-admin",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(TOPIC);
  await admin.disconnect();
  const kept = offsets.reduce((s, o) => s + Number(o.high) - Number(o.low), 0);
  if (kept !== MESSAGES) {
    throw new Error(
      `the topic keeps ${kept} of the ${MESSAGES} messages: the mock cluster deletes a partition's oldest ` +
        "messages beyond ~5 MB. Fix: raise BENCH_PARTITIONS or lower BENCH_MESSAGES.",
    );
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "produce") return produce(process.argv[3]!, Number(process.argv[4]));
  const cluster = await KafkaMockCluster.start(3, { [TOPIC]: PARTITIONS });
  try {
    const producer = fork(__filename, ["produce", cluster.brokers, String(MESSAGES)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const [published] = (await once(producer, "message")) as [{ n: number; seconds: number }];
    await checkAllKept(cluster.brokers);
    const plain = await runPlain(cluster.brokers);
    const engine = await runEngine(cluster.brokers, 0);
    const withWorkers = await runEngine(cluster.brokers, undefined);
    const k = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(
      `librdkafka 2.0.2 mock cluster (3 brokers) on loopback, topic of ${PARTITIONS} partitions, ` +
        `${MESSAGES.toLocaleString("en-US")} messages of 100 bytes, published ahead`,
    );
    console.log(`(producer: ${k(published.n / published.seconds)} messages/s published)\n`);
    console.log(
      "| reader | records/s: median of full 1 s periods | records/s: whole drain | batch processing max | ratio to plain (median) |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    console.log(
      `| kafkajs eachBatch plain loop (word count in a Map) | ${k(plain.median)} | ${k(plain.drain)} | - | 1.00 |`,
    );
    const row = (name: string, r: typeof engine) =>
      console.log(
        `| ${name} | ${k(r.median)} | ${k(r.drain)} | ${Math.max(...r.processing)} ms | ` +
          `${(plain.median / r.median).toFixed(2)}× slower |`,
      );
    row("engine, main thread (workers: 0): kafkaDirectStream → word count, 1 s batches", engine);
    row("engine, main + default workers: the same", withWorkers);
    console.log(
      `\n${JSON.stringify({ plain, engine: { ...engine, processing: undefined }, withWorkers: { ...withWorkers, processing: undefined } })}`,
    );
  } finally {
    await cluster.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
