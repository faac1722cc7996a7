/**
 * The records of one Kafka partition in one batch (Spark's OffsetRange): offsets from `fromOffset`
 * (inclusive) to `untilOffset` (exclusive), fixed when the batch is generated. Committing
 * `untilOffset` tells Kafka the group has processed everything before it.
 *
 * @example
 * const r: OffsetRange = { topic: "clicks", partition: 0, fromOffset: 40, untilOffset: 50 }; // 10 records
 */
export interface OffsetRange {
  topic: string;
  partition: number;
  fromOffset: number;
  untilOffset: number;
}
