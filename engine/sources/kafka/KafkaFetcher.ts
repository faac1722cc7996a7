import type { Clock } from "../../time/Clock";
import { decodeMessage, type KafkaValueAs } from "./decodeMessage";
import type { KafkaClient, KafkaConsumerHandle, KafkaPartitionInfo } from "./KafkaClient";
import { KafkaSourceError } from "./KafkaSourceError";
import { kafkaProblem } from "./kafkaProblem";
import { PartitionBuffer } from "./PartitionBuffer";
import { partitionKey } from "./partitionKey";

/** Where a stream starts reading: the first offset kept, the end, or given offsets. */
export type StartingOffsets = "earliest" | "latest" | Record<string, Record<number, number>>;

/** The state of a Kafka source's connection. */
export type KafkaSourceState = "not started" | "connecting" | "active" | "reconnecting" | "stopped";

/** How a KafkaFetcher reads its cluster. */
export interface KafkaFetcherOptions {
  client: KafkaClient;
  groupId: string;
  topics: string[];
  startingOffsets: StartingOffsets | undefined;
  valueAs: KafkaValueAs;
  /** A partition holding this many fetched records is paused until a batch takes some. */
  maxBufferedPerPartition: number;
  clock: Clock;
  restartDelayMs: number;
  maxRestartDelayMs: number;
  /** Told of every failure (the stream posts it to the context's listeners). */
  onProblem: (error: KafkaSourceError) => void;
}

/**
 * The fetching side of kafkaDirectStream: a group consumer (autoCommit off) fetching ahead into
 * one PartitionBuffer per partition, which the batches then take their ranges from (a batch's
 * RDD is computed synchronously, so its records must already be here). A partition whose buffer
 * is full is paused (flow control: memory stays bounded, Kafka keeps the rest).
 *
 * On start, each partition's first offset is decided once: `startingOffsets` if given, else the
 * group's committed offset, else the earliest; the consumer seeks there (nothing is committed
 * before a batch has finished). When the cluster cannot be reached, a topic is missing, or the
 * consumer fails mid-stream, the problem and its fix go on the status and to `onProblem`, and it
 * reconnects with backoff on the context's clock; the new consumer seeks to where fetching
 * stood, so nothing is fetched twice or skipped.
 *
 * @example
 * const f = new KafkaFetcher({ client, groupId: "g", topics: ["clicks"], ...rest });
 * await f.start(); // later: f.buffers.get("clicks/0")?.take(100)
 */
export class KafkaFetcher {
  state: KafkaSourceState = "not started";
  /** One per partition, in topic and partition order once the partitions are known. */
  readonly buffers = new Map<string, PartitionBuffer>();
  reconnects = 0;
  private consumer: KafkaConsumerHandle | undefined;
  private nextDelayMs: number;
  private cancelRetry: (() => void) | undefined;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: KafkaFetcherOptions) {
    this.nextDelayMs = options.restartDelayMs;
  }

  /** Connects (resolving once the consumer runs or the first attempt failed, never rejecting). */
  start(): Promise<void> {
    return this.connect();
  }

  /** The running consumer, for commits; undefined while (re)connecting. */
  get activeConsumer(): KafkaConsumerHandle | undefined {
    return this.state === "active" ? this.consumer : undefined;
  }

  /** Records fetched that no batch has taken yet. */
  get bufferedRecords(): number {
    let n = 0;
    for (const b of this.buffers.values()) n += b.size;
    return n;
  }

  /** Resumes a paused partition once a batch has taken it below half its limit. */
  relieve(b: PartitionBuffer): void {
    if (!b.paused || b.size > this.options.maxBufferedPerPartition / 2) return;
    b.paused = false;
    this.consumer?.resume(b.topic, [b.partition]);
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    await this.connecting;
    await this.closeConsumer();
    await this.options.client.close().catch(() => {});
  }

  /** Read through a getter: stop() may change the state while an attempt awaits. */
  private get stopped(): boolean {
    return this.state === "stopped";
  }

  private connect(): Promise<void> {
    this.connecting = this.attempt().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    if (this.state === "stopped") return;
    if (this.state !== "reconnecting") this.state = "connecting";
    const { client, groupId, topics } = this.options;
    try {
      const partitions = await client.partitions(topics);
      const missing = topics.filter((t) => !partitions.some((p) => p.topic === t));
      if (missing.length > 0) {
        throw new Error(
          `topic${missing.length > 1 ? "s" : ""} ${missing.map((t) => `"${t}"`).join(", ")} does not exist`,
        );
      }
      await this.placePartitions(partitions);
      if (this.stopped) return;
      // Callbacks of a consumer a failure replaced are ignored (`current`).
      let consumer: KafkaConsumerHandle | undefined;
      const current = () => consumer !== undefined && this.consumer === consumer;
      consumer = await client.consume({
        groupId,
        topics,
        onBatch: (batch) => {
          const b = this.buffers.get(partitionKey(batch.topic, batch.partition));
          if (!b || !current()) return;
          b.add(batch.messages, batch.highWatermark, (m) => {
            const d = decodeMessage(m, batch.topic, batch.partition, this.options.valueAs);
            return "record" in d ? { offset: m.offset, record: d.record } : { offset: m.offset, bad: d.bad };
          });
          if (!b.paused && b.size >= this.options.maxBufferedPerPartition) {
            b.paused = true;
            this.consumer?.pause(b.topic, [b.partition]);
          }
        },
        onFailure: (e) => {
          if (current()) this.fail(e);
        },
      });
      this.consumer = consumer;
      if (this.stopped) return; // stop() closes it
      for (const b of this.buffers.values()) {
        consumer.seek(b.topic, b.partition, b.fetched);
        if (b.paused) consumer.pause(b.topic, [b.partition]);
      }
      this.state = "active";
      this.nextDelayMs = this.options.restartDelayMs;
    } catch (e) {
      this.fail(e);
    }
  }

  /** Creates the buffers of partitions not seen before, at their first offsets (see the class). */
  private async placePartitions(partitions: KafkaPartitionInfo[]): Promise<void> {
    const { client, groupId, topics, startingOffsets } = this.options;
    const fresh = partitions.filter((p) => !this.buffers.has(partitionKey(p.topic, p.partition)));
    for (const p of partitions) {
      const b = this.buffers.get(partitionKey(p.topic, p.partition));
      if (b && p.high > b.high) b.high = p.high;
    }
    if (fresh.length === 0) return;
    const committed = await client.committed(groupId, topics);
    for (const p of fresh) {
      const b = new PartitionBuffer(p.topic, p.partition, firstOffset(p, committed, startingOffsets));
      b.high = Math.max(p.high, b.next);
      this.buffers.set(partitionKey(p.topic, p.partition), b);
    }
  }

  private fail(error: unknown): void {
    if (this.state === "stopped") return;
    const wasActive = this.state === "active";
    this.state = "reconnecting";
    if (wasActive) this.reconnects++;
    const message = `kafkaDirectStream (group "${this.options.groupId}"): ${kafkaProblem(this.options.client.brokers, error)}`;
    this.options.onProblem(new KafkaSourceError(message));
    const delay = this.nextDelayMs;
    this.nextDelayMs = Math.min(delay * 2, this.options.maxRestartDelayMs);
    void this.closeConsumer().then(() => {
      if (this.state !== "reconnecting") return;
      this.cancelRetry = this.options.clock.schedule(this.options.clock.now() + delay, () => {
        this.cancelRetry = undefined;
        if (this.state === "reconnecting") return this.connect();
      });
    });
  }

  private async closeConsumer(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop().catch(() => {});
  }
}

/** A partition's first offset: startingOffsets, else the committed one, else the earliest. */
function firstOffset(
  p: KafkaPartitionInfo,
  committed: Map<string, number>,
  startingOffsets: StartingOffsets | undefined,
): number {
  if (startingOffsets === "earliest") return p.low;
  if (startingOffsets === "latest") return p.high;
  const given = startingOffsets?.[p.topic]?.[p.partition];
  if (given !== undefined) return Math.min(Math.max(given, p.low), p.high);
  const c = committed.get(partitionKey(p.topic, p.partition));
  return c === undefined ? p.low : Math.min(Math.max(c, p.low), p.high);
}
