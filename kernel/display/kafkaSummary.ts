import { KafkaDirectInputDStream, type StreamingContext } from "../../engine";
import type { Table } from "./tableOf";

/** The Kafka part of the monitor: a table of partitions (none without Kafka streams), error lines. */
export interface KafkaSummary {
  /** One row per partition of every kafkaDirectStream; undefined when the context has none. */
  table: Table | undefined;
  /** One line per stream that has had a problem: its latest, in full (it names the fix). */
  errors: string[];
}

/** The columns: where the last batch read, what the group committed, and what is still to read. */
export const KAFKA_COLUMNS = [
  "kafka partition",
  "state",
  "last batch offsets",
  "records",
  "committed",
  "lag",
  "fetched ahead",
];

/**
 * Every kafkaDirectStream of `ssc`, read now: each partition's offset range in the latest batch
 * ([from, until)), the group's committed offset, the lag behind the partition's end and the
 * records fetched ahead (with "paused" when flow control holds the partition).
 *
 * @example kafkaSummary(ssc).table?.rows // [["clicks/0", "active", "40..50", 10, 50, 0, 0], ...]
 */
export function kafkaSummary(ssc: StreamingContext): KafkaSummary {
  const streams = ssc.graph.inputStreams.filter(
    (s): s is KafkaDirectInputDStream<unknown> => s instanceof KafkaDirectInputDStream,
  );
  if (streams.length === 0) return { table: undefined, errors: [] };
  const rows: unknown[][] = [];
  const errors: string[] = [];
  for (const s of streams) {
    const status = s.status;
    const state = status.commitsHeldSince === undefined ? status.state : `${status.state}, commits held`;
    for (const p of status.partitions) {
      const range = s.lastOffsetRanges.find((r) => r.topic === p.topic && r.partition === p.partition);
      rows.push([
        `${p.topic}/${p.partition}`,
        state,
        range ? `${range.fromOffset}..${range.untilOffset}` : "",
        range ? range.untilOffset - range.fromOffset : 0,
        p.committedOffset ?? "none",
        p.lag,
        p.paused ? `${p.buffered} (paused)` : p.buffered,
      ]);
    }
    if (status.partitions.length === 0) rows.push([status.topics.join(","), state, "", 0, "", "", ""]);
    if (status.lastErrorMessage !== undefined) {
      const at = status.lastErrorTime === undefined ? "" : ` at ${status.lastErrorTime} ms`;
      errors.push(`Last problem of ${s.scope} (${status.brokers})${at}: ${status.lastErrorMessage}`);
    }
  }
  return { table: { columns: KAFKA_COLUMNS, rows }, errors };
}
