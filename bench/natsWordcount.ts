/**
 * Word count from a real NATS JetStream stream (nats-server 2.9 with `-js`, started on loopback by
 * the bench), beside the `nats` client reading the same messages in a plain loop, in one run.
 *
 * A stream BENCH and two durable pull consumers on it, "plain" and "engine" (ack explicit), are
 * made first; a producer process (this file, forked with `produce`) then publishes BENCH_MESSAGES
 * 100-byte lines (bench/lines.ts) to the stream, ahead of both readers. Then each reader drains its
 * consumer in turn:
 *
 * - plain: the client's `consume()` iterator, each message's data split into words counted in a
 *   Map (what the engine's pipeline computes), then `ack()`. Records/s: the median of its 1 s
 *   periods (first and last, partial, left out), and the whole drain (N over the time from
 *   connecting to the last message).
 * - engine: `ssc.natsStream` (each message acknowledged only once its block is stored) →
 *   flatMap(split) → map([w, 1]) → reduceByKey, collected in foreachRDD, 1 s batches on the system
 *   clock. Records/s: the median of the full batches' records (first and last left out), and the
 *   whole drain (N over the time until the receiver had stored them all), beside the batches'
 *   processing times.
 *
 * The server, the producer and the reader share the machine's two cores.
 *
 * Run: node --import tsx bench/natsWordcount.ts
 *   BENCH_MESSAGES=200000   messages published (each reader reads them all)
 *   BENCH_VERBOSE=1         every batch of the engine on stderr
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { AckPolicy, connect } from "nats";
import { NatsServer } from "../test/helpers/NatsServer";
import { countWords, medianOfFull, runEngineWordcount, watchdog } from "./brokerBench";
import { makeLines } from "./lines";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const VERBOSE = process.env.BENCH_VERBOSE === "1";
const STREAM = "BENCH";
const SUBJECT = "bench.lines";

/**
 * The producer process: publishes `n` lines on the stream's subject with core NATS (the stream
 * stores each as it comes; a flush every 1,000 keeps the producer from running away), then waits
 * until the stream holds them all.
 */
async function produce(url: string, n: number): Promise<void> {
  const lines = makeLines(Math.min(n, 100_000)).map((l) => new TextEncoder().encode(l));
  const nc = await connect({ servers: url });
  const jsm = await nc.jetstreamManager();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    nc.publish(SUBJECT, lines[i % lines.length]!);
    if (i % 1000 === 999) await nc.flush();
  }
  await nc.flush();
  while ((await jsm.streams.info(STREAM)).state.messages < n) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  await nc.close();
  process.send!({ type: "published", n, seconds });
}

async function runPlain(url: string): Promise<{ median: number; drain: number }> {
  const counts = new Map<string, number>();
  const perSecond: number[] = [];
  let n = 0;
  let inSecond = 0;
  const started = performance.now();
  const tick = setInterval(() => {
    perSecond.push(inSecond);
    inSecond = 0;
  }, 1000);
  const nc = await connect({ servers: url });
  const consumer = await nc.jetstream().consumers.get(STREAM, "plain");
  const messages = await consumer.consume({ max_messages: 1000 });
  const watch = watchdog("plain", MESSAGES, () => n);
  const read = (async () => {
    for await (const m of messages) {
      countWords(counts, m.string());
      m.ack();
      n++;
      inSecond++;
      if (n === MESSAGES) break;
    }
  })();
  try {
    await Promise.race([read, watch.stalled]);
  } finally {
    watch.stop();
  }
  const finished = performance.now();
  clearInterval(tick);
  perSecond.push(inSecond);
  await nc.close();
  return { median: medianOfFull(perSecond), drain: (MESSAGES / (finished - started)) * 1000 };
}

async function main(): Promise<void> {
  if (process.argv[2] === "produce") return produce(process.argv[3]!, Number(process.argv[4]));
  const server = await NatsServer.start();
  try {
    const nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: STREAM, subjects: [SUBJECT] });
    for (const name of ["plain", "engine"]) {
      await jsm.consumers.add(STREAM, { durable_name: name, ack_policy: AckPolicy.Explicit });
    }
    await nc.close();
    const producer = fork(__filename, ["produce", server.url, String(MESSAGES)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const [published] = (await once(producer, "message")) as [{ n: number; seconds: number }];
    if (VERBOSE) console.error(`published ${published.n} in ${published.seconds.toFixed(1)} s`);
    const plain = await runPlain(server.url);
    if (VERBOSE) console.error(`plain: ${JSON.stringify(plain)}`);
    const engine = await runEngineWordcount(
      "nats",
      MESSAGES,
      (ssc) => ssc.natsStream({ servers: server.url, stream: STREAM, consumer: "engine" }),
      (r) => r.data,
    );
    const k = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(
      `nats-server 2.9 JetStream on loopback, ${MESSAGES.toLocaleString("en-US")} messages of 100 bytes, published ahead`,
    );
    console.log(`(producer: ${k(published.n / published.seconds)} messages/s published)\n`);
    console.log(
      "| reader | records/s: median of full 1 s periods | records/s: whole drain | batch processing max | plain ÷ engine, medians (goal ≤ 1.5) |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    console.log(
      `| nats consume() plain loop (word count in a Map) | ${k(plain.median)} | ${k(plain.drain)} | - | - |`,
    );
    console.log(
      `| engine: natsStream → word count, 1 s batches | ${k(engine.median)} | ${k(engine.drain)} | ` +
        `${Math.max(...engine.processing)} ms | ${(plain.median / engine.median).toFixed(2)} |`,
    );
    console.log(`\n${JSON.stringify({ plain, engine: { ...engine, processing: undefined } })}`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
