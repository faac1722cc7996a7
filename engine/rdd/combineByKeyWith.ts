import { KeyMap } from "../util/keys";
import { type Aggregator, type Partitioner, type RDD, ShuffleDependency, ShuffledRDD } from "./internal";

/** The one place a keyed aggregation becomes a shuffle (or none, if already partitioned so). */
export function combineByKeyWith<K, V, C>(
  rdd: RDD<[K, V]>,
  aggregator: Aggregator<V, C>,
  partitioner: Partitioner,
  mapSideCombine: boolean,
  operator: string,
): RDD<[K, C]> {
  if (partitioner.equals(rdd.partitioner)) {
    // Already placed by key: aggregate within each partition, no shuffle needed.
    return rdd.mapPartitions((items) => {
      const m = new KeyMap<K, C>(operator);
      for (const [k, v] of items) {
        const c = m.get(k);
        m.set(
          k,
          c === undefined && !m.has(k) ? aggregator.createCombiner(v) : aggregator.mergeValue(c as C, v),
        );
      }
      return m.entries();
    }, true);
  }
  return new ShuffledRDD<K, V, C>(
    new ShuffleDependency(rdd, partitioner, operator, aggregator, mapSideCombine),
    operator,
  ) as RDD<[K, C]>;
}

/** The aggregator of groupByKey: every value of a key, in order. */
export function groupAggregator<V>(): Aggregator<V, V[]> {
  return {
    createCombiner: (v) => [v],
    mergeValue: (c, v) => {
      c.push(v);
      return c;
    },
    mergeCombiners: (a, b) => a.concat(b),
  };
}

/** The aggregator that keeps a key's first value (distinct, keyed dedup). */
export function firstValue<V>(): Aggregator<V, V> {
  return { createCombiner: (v) => v, mergeValue: (c) => c, mergeCombiners: (a) => a };
}
