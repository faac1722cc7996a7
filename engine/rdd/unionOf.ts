import { type BatchContext, PartitionerAwareUnionRDD, type RDD, UnionRDD } from "./internal";

/** Union that keeps the partitioner when every input has the same one. */
export function unionOf<T>(context: BatchContext, rdds: RDD<T>[]): RDD<T> {
  const first = rdds[0]?.partitioner;
  if (rdds.length > 1 && first && rdds.every((r) => first.equals(r.partitioner))) {
    return new PartitionerAwareUnionRDD(context, rdds);
  }
  return new UnionRDD(context, rdds);
}
