import { type BatchContext, BlockRDD } from "../../rdd/internal";
import type { OffsetRange } from "./OffsetRange";

/**
 * One batch of a kafkaDirectStream (Spark's KafkaRDD): one partition per Kafka partition, holding
 * that partition's records of the batch's offset range, fetched already (computing an RDD is
 * synchronous here). `offsetRanges` says which records these are; see offsetRanges(rdd).
 *
 * @example
 * stream.foreachRDD((rdd) => console.log((rdd as KafkaRDD<unknown>).offsetRanges));
 */
export class KafkaRDD<T> extends BlockRDD<T> {
  constructor(
    context: BatchContext,
    partitions: readonly (readonly T[])[],
    readonly offsetRanges: readonly OffsetRange[],
  ) {
    super(context, partitions);
  }
}
