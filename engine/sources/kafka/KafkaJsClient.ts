import { type Admin, type Consumer, type IHeaders, Kafka, logLevel } from "kafkajs";
import type {
  KafkaClient,
  KafkaConsumeOptions,
  KafkaConsumerHandle,
  KafkaMessage,
  KafkaPartitionInfo,
  KafkaPartitionOffset,
} from "./KafkaClient";
import { partitionKey } from "./partitionKey";

/** How long a fetch waits on the broker for new messages: short, so pauses and stops act soon. */
const MAX_WAIT_MS = 200;

/**
 * KafkaClient over kafkajs. kafkajs has no manual partition assignment, so the consumer is a group
 * member with autoCommit off; its own retries are few and short, since the stream reconnects with
 * the context's backoff and says so on its status. Topics are never created by a lookup
 * (allowAutoTopicCreation off): a misspelt topic is an error, not a new empty topic.
 *
 * @example
 * const client = new KafkaJsClient(["127.0.0.1:9092"], "dstream-lab");
 * await client.partitions(["clicks"]); // [{ topic: "clicks", partition: 0, low: 0, high: 42 }, ...]
 */
export class KafkaJsClient implements KafkaClient {
  readonly brokers: string;
  private readonly kafka: Kafka;
  private admin: Admin | undefined;

  constructor(
    brokers: string[],
    clientId: string,
    /** How long the group waits for a silent consumer before handing its partitions on. */
    private readonly sessionTimeoutMs = 30_000,
  ) {
    this.brokers = brokers.join(",");
    this.kafka = new Kafka({
      clientId,
      brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
  }

  async partitions(topics: string[]): Promise<KafkaPartitionInfo[]> {
    const admin = await this.connectedAdmin();
    const metadata = await admin.fetchTopicMetadata({ topics });
    const out: KafkaPartitionInfo[] = [];
    for (const t of metadata.topics) {
      const offsets = await admin.fetchTopicOffsets(t.name);
      for (const o of offsets) {
        out.push({ topic: t.name, partition: o.partition, low: Number(o.low), high: Number(o.high) });
      }
    }
    return out.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  }

  async committed(groupId: string, topics: string[]): Promise<Map<string, number>> {
    const admin = await this.connectedAdmin();
    const result = await admin.fetchOffsets({ groupId, topics });
    const out = new Map<string, number>();
    for (const t of result) {
      for (const p of t.partitions) {
        const offset = Number(p.offset);
        if (offset >= 0) out.set(partitionKey(t.topic, p.partition), offset);
      }
    }
    return out;
  }

  async consume(options: KafkaConsumeOptions): Promise<KafkaConsumerHandle> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: MAX_WAIT_MS,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(this.sessionTimeoutMs / 3)),
      // A crash is ours to handle (reconnect with the context's backoff), not kafkajs's to retry.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000, restartOnFailure: async () => false },
    });
    // A crash while run() joins the group (kafkajs reports it as an event, and run() resolves)
    // rejects consume(); one later goes to onFailure.
    let running = false;
    let crash: { error: unknown } | undefined;
    consumer.on(consumer.events.CRASH, (event) => {
      if (crash) return;
      crash = { error: event.payload.error };
      if (running) options.onFailure(event.payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch }) => {
          options.onBatch({
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: Number(batch.highWatermark),
            messages: batch.messages.map(toMessage),
          });
        },
      });
      if (crash) throw crash.error;
    } catch (e) {
      await consumer.disconnect().catch(() => {});
      throw e;
    }
    running = true;
    return new KafkaJsConsumerHandle(consumer);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.disconnect();
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin) return this.admin;
    const admin = this.kafka.admin({ retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 } });
    try {
      await admin.connect();
    } catch (e) {
      await admin.disconnect().catch(() => {});
      throw e;
    }
    this.admin = admin;
    return admin;
  }
}

/** The consumer's side of KafkaConsumerHandle. */
class KafkaJsConsumerHandle implements KafkaConsumerHandle {
  constructor(private readonly consumer: Consumer) {}

  pause(topic: string, partitions: number[]): void {
    this.consumer.pause([{ topic, partitions }]);
  }

  resume(topic: string, partitions: number[]): void {
    this.consumer.resume([{ topic, partitions }]);
  }

  seek(topic: string, partition: number, offset: number): void {
    // kafkajs drops a fetch response for a partition with a seek pending, and applies the seek
    // before its next fetch; with autoCommit off, seeking commits nothing.
    this.consumer.seek({ topic, partition, offset: String(offset) });
  }

  commit(offsets: KafkaPartitionOffset[]): Promise<void> {
    return this.consumer.commitOffsets(
      offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })),
    );
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}

function toMessage(m: {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers?: IHeaders;
}): KafkaMessage {
  return {
    offset: Number(m.offset),
    key: m.key,
    value: m.value,
    timestamp: Number(m.timestamp),
    headers: headersAsText(m.headers),
  };
}

function headersAsText(headers: IHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!headers) return out;
  for (const [name, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[name] = Array.isArray(v) ? v.map((x) => x.toString()) : v.toString();
  }
  return out;
}
