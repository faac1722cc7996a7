/**
 * The little of a Kafka client library that kafkaDirectStream uses, so the library (kafkajs today)
 * sits behind one file (KafkaJsClient) and tests or another library can stand in for it.
 */

/** One message as fetched: the offset is a number (exact up to 2^53, years of any real partition). */
export interface KafkaMessage {
  offset: number;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
  headers: Record<string, string | string[]>;
}

/** The messages one fetch returned for one partition, and the partition's end (high watermark). */
export interface KafkaFetchedBatch {
  topic: string;
  partition: number;
  highWatermark: number;
  messages: KafkaMessage[];
}

/** A partition with its first offset (low watermark) and its end (high watermark). */
export interface KafkaPartitionInfo {
  topic: string;
  partition: number;
  low: number;
  high: number;
}

/** An offset to commit for a partition: the next one to read. */
export interface KafkaPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** A running group consumer (autoCommit off): fetches and hands over batches until stopped. */
export interface KafkaConsumerHandle {
  /** Stops fetching these partitions (flow control); the group membership stays. */
  pause(topic: string, partitions: number[]): void;
  resume(topic: string, partitions: number[]): void;
  /** Fetches the partition from `offset` on; what was fetched before the seek is not handed over. */
  seek(topic: string, partition: number, offset: number): void;
  /** Commits for the group (commitAsync: the caller awaits when it must know). */
  commit(offsets: KafkaPartitionOffset[]): Promise<void>;
  /** Leaves the group and closes the connections. */
  stop(): Promise<void>;
}

/** What a consumer is told to do. */
export interface KafkaConsumeOptions {
  groupId: string;
  topics: string[];
  /** Called for every fetched batch, in offset order per partition. */
  onBatch(batch: KafkaFetchedBatch): void;
  /** Called once when the consumer fails for good (the caller reconnects). */
  onFailure(error: unknown): void;
}

/** A connection to one cluster. */
export interface KafkaClient {
  /** The brokers it was given, e.g. "127.0.0.1:9092,127.0.0.1:9093". */
  readonly brokers: string;
  /** Every partition of the topics, with its watermarks; rejects naming a topic that does not exist. */
  partitions(topics: string[]): Promise<KafkaPartitionInfo[]>;
  /** The group's committed offsets of the topics ("topic/partition" → offset); absent when none. */
  committed(groupId: string, topics: string[]): Promise<Map<string, number>>;
  /** Joins the group and starts fetching (from its committed offsets, until told to seek). */
  consume(options: KafkaConsumeOptions): Promise<KafkaConsumerHandle>;
  /** Closes the admin connection (consumers are stopped by their handles). */
  close(): Promise<void>;
}
