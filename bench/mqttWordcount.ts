/**
 * Word count from a real MQTT broker (mosquitto 2, started on loopback by the bench), beside
 * mqtt.js reading the same messages in a plain loop, in one run.
 *
 * Before anything is published, two persistent sessions (QoS 1 subscriptions, `clean: false`) are
 * made on the topic, "plain" and "engine", so the broker queues every message for each. A producer
 * process (this file, forked with `produce`) then publishes BENCH_MESSAGES 100-byte lines
 * (bench/lines.ts) at QoS 1, ahead of both readers. Then each reader drains its session in turn:
 *
 * - plain: mqtt.js's `message` event, each payload split into words counted in a Map (what the
 *   engine's pipeline computes), PUBACK sent by mqtt.js at once. Records/s: the median of its
 *   1 s periods (first and last, partial, left out), and the whole drain (N over the time from
 *   connecting to the last message).
 * - engine: `ssc.mqttStream` (PUBACK only once each block is stored) → flatMap(split) →
 *   map([w, 1]) → reduceByKey, collected in foreachRDD, 1 s batches on the system clock. Records/s:
 *   the median of the full batches' records (first and last left out; the pipeline is run five
 *   times on 20,000 lines first, unmeasured, as the JIT warm-up), and the whole drain (N over
 *   the time until the receiver had stored them all), beside the batches' processing times.
 *
 * The broker, the producer and the reader share the machine's two cores.
 *
 * Run: node --import tsx bench/mqttWordcount.ts
 *   BENCH_MESSAGES=200000   messages published (each reader reads them all)
 *   BENCH_VERBOSE=1         every batch of the engine on stderr
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { connect, connectAsync } from "mqtt";
import { Mosquitto } from "../test/helpers/Mosquitto";
import { countWords, medianOfFull, runEngineWordcount, watchdog } from "./brokerBench";
import { makeLines } from "./lines";

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200_000);
const VERBOSE = process.env.BENCH_VERBOSE === "1";
const TOPIC = "bench/lines";

/** The producer process: publishes `n` lines at QoS 1 with a window of messages in flight. */
async function produce(url: string, n: number): Promise<void> {
  const lines = makeLines(Math.min(n, 100_000)).map((l) => Buffer.from(l));
  const c = await connectAsync(url, { clientId: "producer", reconnectPeriod: 0 });
  const started = performance.now();
  const WINDOW = 2000;
  let sent = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (sent < n && sent - acked < WINDOW) {
        const payload = lines[sent % lines.length]!;
        sent++;
        c.publish(TOPIC, payload, { qos: 1 }, (e) => {
          if (e) return reject(e);
          acked++;
          if (acked === n) resolve();
          else if (sent - acked < WINDOW / 2) pump();
        });
      }
    };
    pump();
  });
  const seconds = (performance.now() - started) / 1000;
  await c.endAsync();
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
  // connect(), not connectAsync(): the broker sends the queued messages right after CONNACK, and
  // a handler added once connectAsync resolved would miss the first of them.
  const c = connect(url, { clientId: "plain", clean: false, reconnectPeriod: 0 });
  let finished = 0;
  const watch = watchdog("plain", MESSAGES, () => n);
  const done = new Promise<void>((resolve) => {
    c.on("message", (_topic, payload) => {
      countWords(counts, payload.toString());
      n++;
      inSecond++;
      if (VERBOSE && n % 50_000 === 0) console.error(`plain: ${n}`);
      if (n === MESSAGES) {
        finished = performance.now();
        resolve();
      }
    });
  });
  try {
    await Promise.race([done, watch.stalled]);
  } finally {
    watch.stop();
  }
  clearInterval(tick);
  perSecond.push(inSecond);
  await c.endAsync();
  return { median: medianOfFull(perSecond), drain: (MESSAGES / (finished - started)) * 1000 };
}

async function main(): Promise<void> {
  if (process.argv[2] === "produce") return produce(process.argv[3]!, Number(process.argv[4]));
  const broker = await Mosquitto.start();
  try {
    // Both sessions exist before the first message, so the broker queues every message for each.
    for (const clientId of ["plain", "engine"]) {
      const c = await connectAsync(broker.url, { clientId, clean: false, reconnectPeriod: 0 });
      await c.subscribeAsync(TOPIC, { qos: 1 });
      await c.endAsync();
    }
    const producer = fork(__filename, ["produce", broker.url, String(MESSAGES)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const [published] = (await once(producer, "message")) as [{ n: number; seconds: number }];
    if (VERBOSE) console.error(`published ${published.n} in ${published.seconds.toFixed(1)} s`);
    const plain = await runPlain(broker.url);
    if (VERBOSE) console.error(`plain: ${JSON.stringify(plain)}`);
    const engine = await runEngineWordcount(
      "mqtt",
      MESSAGES,
      (ssc) => ssc.mqttStream(broker.url, TOPIC, { clientId: "engine" }),
      (r) => r.payload,
    );
    const k = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(
      `mosquitto 2 on loopback, ${MESSAGES.toLocaleString("en-US")} messages of 100 bytes at QoS 1, queued ahead`,
    );
    console.log(`(producer: ${k(published.n / published.seconds)} messages/s published)\n`);
    console.log(
      "| reader | records/s: median of full 1 s periods | records/s: whole drain | batch processing max | plain ÷ engine, medians (goal ≤ 1.5) |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    console.log(
      `| mqtt.js plain loop (word count in a Map) | ${k(plain.median)} | ${k(plain.drain)} | - | - |`,
    );
    console.log(
      `| engine: mqttStream → word count, 1 s batches | ${k(engine.median)} | ${k(engine.drain)} | ` +
        `${Math.max(...engine.processing)} ms | ${(plain.median / engine.median).toFixed(2)} |`,
    );
    console.log(`\n${JSON.stringify({ plain, engine: { ...engine, processing: undefined } })}`);
  } finally {
    await broker.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
