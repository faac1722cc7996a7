import { IllegalArgumentError } from "../../errors";
import type { RDD } from "../../rdd/internal";
import { KafkaRDD } from "./KafkaRDD";
import type { OffsetRange } from "./OffsetRange";

/**
 * The offset ranges of a kafkaDirectStream batch (Spark's `rdd.asInstanceOf[HasOffsetRanges]`):
 * one per Kafka partition, in the order of the RDD's partitions. Only the stream's own RDD has
 * them; map and every other transformation make a new RDD, so call it first in foreachRDD or
 * transform.
 *
 * @example
 * stream.foreachRDD((rdd) => {
 *   for (const r of offsetRanges(rdd)) console.log(`${r.topic}/${r.partition}: ${r.fromOffset}..${r.untilOffset}`);
 * });
 */
export function offsetRanges(rdd: RDD<unknown>): readonly OffsetRange[] {
  if (rdd instanceof KafkaRDD) return rdd.offsetRanges;
  throw new IllegalArgumentError(
    `offsetRanges: ${rdd.constructor.name}[${rdd.id}] is not a batch of a kafkaDirectStream, so it has no offset ` +
      "ranges. Fix: call offsetRanges on the stream's own RDD, first thing in foreachRDD or transform — map and " +
      "the other transformations make new RDDs without them.",
  );
}
