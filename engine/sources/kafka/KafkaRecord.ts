/**
 * One Kafka message as a kafkaDirectStream record (Spark's ConsumerRecord): where it was (topic,
 * partition, offset), its key, its value (text by default; a Buffer with valueAs "buffer"; the
 * parsed JSON with valueAs "json"), the producer's or broker's timestamp (ms since the epoch), and
 * its headers as text.
 *
 * @example
 * stream.map((r: KafkaRecord) => `${r.topic}/${r.partition}@${r.offset}: ${r.value}`).print();
 */
export interface KafkaRecord<V = string> {
  topic: string;
  partition: number;
  offset: number;
  /** The key as text, or null for a message without a key. */
  key: string | null;
  /** null for a tombstone (a message without a value). */
  value: V | null;
  timestamp: number;
  headers: Record<string, string | string[]>;
}
