/**
 * Word count from a real Redis stream (redis-server 7, started on loopback by the bench), beside
 * node-redis reading the same entries in a plain loop, in one run.
 *
 * A stream "bench" with consumer groups from its start, "plain<round>" and "engine<round>", is made first;
 * a producer process (this file, forked with `produce`) then XADDs BENCH_ENTRIES 100-byte lines
 * (bench/lines.ts) as field "line", ahead of the readers. Then each reader drains its group in turn,
 * BENCH_ROUNDS times alternately, and each reader's fastest round is compared:
 *
 * - plain: node-redis's `xReadGroup` (COUNT BENCH_BATCH, BLOCK 1000) in a loop, each entry's line
 *   split into words counted in a Map (what the engine's pipeline computes), then one `xAck` for
 *   the read's ids. Records/s: the whole drain (N over the time from connecting to the last entry
 *   counted), and the median of its 1 s periods (first and last, partial, left out).
 * - engine: `ssc.redisStream` (each read stored as a block, acknowledged once stored; batchSize
 *   BENCH_BATCH) → flatMap(split) → map([w, 1]) → reduceByKey, collected in foreachRDD, 1 s batches
 *   on the system clock. Records/s: the whole drain (N over the time until the batch holding the
 *   last entry finished: all counted), N over the time until the receiver had stored them all, and
 *   the median of the full batches' records (first and last left out), beside the batches'
 *   processing times. "All counted" is the figure to compare: a batch's records are counted only
 *   when its batch runs, and batches that take longer than 1 s queue up.
 *
 * The server, the producer and the reader share the machine's two cores.
 *
 * Run: node --import tsx bench/redisWordcount.ts
 *   BENCH_ENTRIES=400000   entries added (each reader reads them all)
 *   BENCH_BATCH=1000       entries per XREADGROUP, for both readers
 *   BENCH_ROUNDS=2         rounds of plain then engine, each reader in its own groups; the fastest counts
 *   BENCH_WORKERS=<n>      the engine's worker threads (default: BatchContext's default)
 *   BENCH_INITIAL_RATE=0   > 0: the engine with backpressure, starting at this rate (records/s)
 *   BENCH_VERBOSE=1        every batch on stderr
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { createClient } from "redis";
import { BatchContext, type BatchInfo, Seconds, StreamingContext } from "../engine";
import { RedisServer } from "../test/helpers/RedisServer";
import { countWords, medianOfFull } from "./brokerBench";
import { makeLines } from "./lines";

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 400_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const WORKERS = process.env.BENCH_WORKERS === undefined ? undefined : Number(process.env.BENCH_WORKERS);
const INITIAL_RATE = Number(process.env.BENCH_INITIAL_RATE ?? 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const VERBOSE = process.env.BENCH_VERBOSE === "1";
const KEY = "bench";

/** The producer process: XADDs `n` lines, a window of them in flight (node-redis pipelines them). */
async function produce(url: string, n: number): Promise<void> {
  const lines = makeLines(Math.min(n, 100_000));
  const client = createClient({ url });
  await client.connect();
  const started = performance.now();
  const WINDOW = 2000;
  for (let i = 0; i < n; i += WINDOW) {
    const inFlight: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + WINDOW); j++) {
      inFlight.push(client.xAdd(KEY, "*", { line: lines[j % lines.length]! }));
    }
    await Promise.all(inFlight);
  }
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  process.send!({ type: "published", n, seconds });
}

/** Runs a reader, adding the share of the time the main thread's event loop was busy. */
async function busy<R>(run: () => Promise<R>): Promise<R & { busy: number }> {
  const elu = performance.eventLoopUtilization();
  const result = await run();
  return { ...result, busy: performance.eventLoopUtilization(elu).utilization };
}

async function runPlain(url: string, group: string): Promise<{ median: number; counted: number }> {
  const counts = new Map<string, number>();
  const perSecond: number[] = [];
  let n = 0;
  let inSecond = 0;
  const started = performance.now();
  const tick = setInterval(() => {
    perSecond.push(inSecond);
    inSecond = 0;
  }, 1000);
  const client = createClient({ url });
  await client.connect();
  while (n < ENTRIES) {
    const reply = await client.xReadGroup(group, "c1", { key: KEY, id: ">" }, { COUNT: BATCH, BLOCK: 1000 });
    const messages = reply?.[0]?.messages ?? [];
    const ids: string[] = [];
    for (const m of messages) {
      countWords(counts, m.message.line as string);
      ids.push(m.id);
    }
    if (ids.length > 0) await client.xAck(KEY, group, ids);
    n += ids.length;
    inSecond += ids.length;
  }
  const finished = performance.now();
  clearInterval(tick);
  perSecond.push(inSecond);
  client.destroy();
  return { median: medianOfFull(perSecond), counted: (ENTRIES / (finished - started)) * 1000 };
}

async function runEngine(
  url: string,
  group: string,
): Promise<{ median: number; stored: number; counted: number; processing: number[] }> {
  const sc = new BatchContext({
    appName: "redis-wordcount",
    parallelism: 2,
    ...(WORKERS === undefined ? {} : { workers: WORKERS }),
  });
  const ssc = new StreamingContext(sc, Seconds(1), {
    logErrors: true,
    ...(INITIAL_RATE > 0 ? { backpressure: { initialRate: INITIAL_RATE } } : {}),
  });
  const stream = ssc.redisStream({ url, key: KEY, group, consumer: "c1", batchSize: BATCH });
  stream
    .flatMap((r) => r.fields.line!.split(" "))
    .map((w) => [w, 1] as [string, number])
    .reduceByKey((a, b) => a + b)
    .foreachRDD((rdd) => {
      rdd.collect();
    });
  const batches: BatchInfo[] = [];
  let processed = 0;
  const allProcessed = new Promise<void>((resolve) => {
    ssc.addStreamingListener({
      onBatchCompleted: (b) => {
        batches.push(b);
        processed += b.numRecords;
        if (VERBOSE) {
          const blocks = (
            b.streamIdToInputInfo.get(stream.inputId)?.metadata?.blocks as unknown[] | undefined
          )?.length;
          console.error(
            `batch ${batches.length}: ${b.numRecords} records in ${blocks ?? 0} blocks, processing ` +
              `${b.processingDelay} ms, scheduling ${b.schedulingDelay} ms`,
          );
        }
        if (processed >= ENTRIES) resolve();
      },
    });
  });
  const started = performance.now();
  let stored = 0;
  const poll = setInterval(() => {
    if (!stored && stream.receiverInfo.recordsStored >= ENTRIES) stored = performance.now();
  }, 5);
  ssc.start();
  await allProcessed;
  const counted = performance.now();
  clearInterval(poll);
  await ssc.stop({ stopBatchContext: true });
  const withRecords = batches.map((b) => b.numRecords);
  // From the first batch with records: the ones before waited for the connection.
  const first = withRecords.findIndex((r) => r > 0);
  return {
    median: medianOfFull(withRecords.slice(first)),
    stored: (ENTRIES / ((stored || counted) - started)) * 1000,
    counted: (ENTRIES / (counted - started)) * 1000,
    processing: batches.slice(first).map((b) => b.processingDelay ?? 0),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === "produce") return produce(process.argv[3]!, Number(process.argv[4]));
  const server = await RedisServer.start();
  try {
    const client = createClient({ url: server.url });
    await client.connect();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const group of [`plain${round}`, `engine${round}`]) {
        await client.xGroupCreate(KEY, group, "0", { MKSTREAM: true });
      }
    }
    client.destroy();
    const producer = fork(__filename, ["produce", server.url, String(ENTRIES)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const [published] = (await once(producer, "message")) as [{ n: number; seconds: number }];
    // Rounds alternate the readers, and each reader's fastest round is compared: the machine is
    // shared, and the round least disturbed by anything else running says what each can do.
    const plains: (Awaited<ReturnType<typeof runPlain>> & { busy: number })[] = [];
    const engines: (Awaited<ReturnType<typeof runEngine>> & { busy: number })[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      plains.push(await busy(() => runPlain(server.url, `plain${round}`)));
      engines.push(await busy(() => runEngine(server.url, `engine${round}`)));
    }
    const plain = plains.reduce((a, b) => (b.counted > a.counted ? b : a));
    const engine = engines.reduce((a, b) => (b.counted > a.counted ? b : a));
    const k = (x: number) => Math.round(x).toLocaleString("en-US");
    console.log(
      `redis-server 7 on loopback, ${ENTRIES.toLocaleString("en-US")} stream entries of 100 bytes, added ahead; ` +
        `${BATCH} entries per XREADGROUP; each reader's fastest of ${ROUNDS} alternating rounds`,
    );
    console.log(`(producer: ${k(published.n / published.seconds)} entries/s added)\n`);
    const ms = (xs: number[], p: number) =>
      `${[...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]} ms`;
    console.log(
      "| reader | records/s: all counted (whole drain) | records/s: all stored | records/s: median of full 1 s periods | " +
        "batch processing p50 / max | plain ÷ reader (all counted) |",
    );
    console.log("| --- | --- | --- | --- | --- | --- |");
    console.log(
      `| node-redis xReadGroup + xAck, plain loop (word count in a Map) | ${k(plain.counted)} | - | ${k(plain.median)} | - | 1.00 |`,
    );
    console.log(
      `| engine: redisStream → word count, 1 s batches | ${k(engine.counted)} | ${k(engine.stored)} | ${k(engine.median)} | ` +
        `${ms(engine.processing, 0.5)} / ${ms(engine.processing, 1)} | ${(plain.counted / engine.counted).toFixed(2)} |`,
    );
    const rounds = (xs: { counted: number; busy: number }[]) =>
      xs.map((x) => `${k(x.counted)} (main thread busy ${Math.round(x.busy * 100)}%)`).join(", ");
    console.log(`\nall counted, records/s per round: plain ${rounds(plains)}; engine ${rounds(engines)}`);
    console.log(`\n${JSON.stringify({ plain, engine: { ...engine, processing: undefined } })}`);
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
