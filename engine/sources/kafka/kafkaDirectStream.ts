import { IllegalArgumentError } from "../../errors";
import { requireRate } from "../../receiver/ReceiverConf";
import type { StreamingContext } from "../../streaming/StreamingContext";
import { requirePositive } from "../requirePositive";
import type { KafkaValueAs } from "./decodeMessage";
import type { KafkaClient } from "./KafkaClient";
import { KafkaDirectInputDStream } from "./KafkaDirectInputDStream";
import type { StartingOffsets } from "./KafkaFetcher";
import { KafkaJsClient } from "./KafkaJsClient";

/** Options of ssc.kafkaDirectStream. */
export interface KafkaDirectStreamOptions {
  /** host:port of one or more brokers: "localhost:9092", "a:9092,b:9092" or an array. */
  brokers: string | string[];
  /** The topic or topics to read, every partition of each. */
  topics: string | string[];
  /** The consumer group whose committed offsets the stream starts from and commits to. */
  groupId: string;
  /**
   * Where to start: "earliest", "latest", or offsets per topic and partition
   * (`{ clicks: { 0: 40, 1: 12 } }`; partitions left out start as without it). Default: the
   * group's committed offsets, and the earliest for a partition with none.
   */
  startingOffsets?: StartingOffsets;
  /** The most records per partition per second a batch takes. Default: no limit. */
  maxRatePerPartition?: number;
  /** "string" (default: UTF-8 text), "buffer" (the bytes) or "json" (the parsed value). */
  valueAs?: KafkaValueAs;
  /** Records fetched ahead per partition before it is paused. Default 50000. */
  maxBufferedPerPartition?: number;
  /**
   * The consumer group's session timeout, ms: after a crash, the group hands the partitions to the
   * reconnected consumer only once the old member timed out. Default 30000 (kafkajs's); brokers
   * accept 6000 and up by default (group.min.session.timeout.ms).
   */
  sessionTimeoutMs?: number;
  /** The Kafka client id. Default "dstream-lab". */
  clientId?: string;
  /** @internal Another client than kafkajs (tests). */
  client?: KafkaClient;
}

const DEFAULT_MAX_BUFFERED = 50_000;
const VALUE_AS: readonly KafkaValueAs[] = ["string", "buffer", "json"];

/**
 * See StreamingContext.kafkaDirectStream and KafkaDirectInputDStream (offsets, commits, rates).
 *
 * @example kafkaDirectStream(ssc, { brokers: "localhost:9092", topics: ["clicks"], groupId: "nb" }).print()
 */
export function kafkaDirectStream<V = string>(
  ssc: StreamingContext,
  options: KafkaDirectStreamOptions,
): KafkaDirectInputDStream<V> {
  const brokers = list(options?.brokers, "brokers", '"localhost:9092"');
  for (const b of brokers) {
    if (!/^[^\s:/]+:\d+$/.test(b)) {
      throw new IllegalArgumentError(
        `kafkaDirectStream: broker "${b}" is not host:port. Fix: pass e.g. "localhost:9092" (no scheme, no path).`,
      );
    }
  }
  const topics = list(options.topics, "topics", '"clicks" or ["clicks", "views"]');
  if (typeof options.groupId !== "string" || options.groupId === "") {
    throw new IllegalArgumentError(
      `kafkaDirectStream: groupId must be a non-empty string; got ${String(options.groupId)}. Fix: name the ` +
        'consumer group whose offsets the stream commits, e.g. groupId: "notebook".',
    );
  }
  requireRate(options.maxRatePerPartition, "kafkaDirectStream: maxRatePerPartition");
  requirePositive(options.maxBufferedPerPartition, "kafkaDirectStream: maxBufferedPerPartition", "50000");
  requirePositive(options.sessionTimeoutMs, "kafkaDirectStream: sessionTimeoutMs", "30000");
  const valueAs = options.valueAs ?? "string";
  if (!VALUE_AS.includes(valueAs)) {
    throw new IllegalArgumentError(
      `kafkaDirectStream: valueAs must be "string", "buffer" or "json"; got ${String(valueAs)}. Fix: pick one, ` +
        "or leave it out for text.",
    );
  }
  checkStartingOffsets(options.startingOffsets, topics);
  const client =
    options.client ?? new KafkaJsClient(brokers, options.clientId ?? "dstream-lab", options.sessionTimeoutMs);
  return new KafkaDirectInputDStream<V>(ssc, client, {
    groupId: options.groupId,
    topics,
    startingOffsets: options.startingOffsets,
    maxRatePerPartition: options.maxRatePerPartition,
    valueAs,
    maxBufferedPerPartition: options.maxBufferedPerPartition ?? DEFAULT_MAX_BUFFERED,
  });
}

/** A string (comma-separated) or array option as a non-empty list. */
function list(value: string | string[] | undefined, what: string, example: string): string[] {
  const items = (typeof value === "string" ? value.split(",") : Array.isArray(value) ? value : [])
    .map((s) => (typeof s === "string" ? s.trim() : ""))
    .filter((s) => s !== "");
  if (items.length === 0) {
    throw new IllegalArgumentError(
      `kafkaDirectStream: ${what} must name at least one; got ${JSON.stringify(value)}. Fix: pass e.g. ${example}.`,
    );
  }
  return items;
}

function checkStartingOffsets(s: StartingOffsets | undefined, topics: string[]): void {
  if (s === undefined || s === "earliest" || s === "latest") return;
  const bad = (why: string) =>
    new IllegalArgumentError(
      `kafkaDirectStream: startingOffsets ${why}. Fix: pass "earliest", "latest", or offsets per topic and ` +
        "partition, e.g. { clicks: { 0: 40, 1: 12 } }.",
    );
  if (typeof s !== "object" || s === null || Array.isArray(s)) throw bad(`is ${JSON.stringify(s)}`);
  for (const [topic, partitions] of Object.entries(s)) {
    if (!topics.includes(topic)) throw bad(`names topic "${topic}", which is not one of the stream's topics`);
    for (const [p, offset] of Object.entries(partitions ?? {})) {
      if (!/^\d+$/.test(p) || !Number.isSafeInteger(offset) || offset < 0) {
        throw bad(`has ${topic}[${p}] = ${JSON.stringify(offset)}, not a partition number and an offset ≥ 0`);
      }
    }
  }
}
