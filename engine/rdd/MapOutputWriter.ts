import { describeValue, IllegalArgumentError } from "../errors";
import { KeyMap } from "../util/keys";
import type { Aggregator } from "./Dependency";
import type { Partitioner } from "./Partitioner";

/**
 * The map side of a shuffle for one partition: records written one at a time, combined per key
 * when `combine` is given (map-side combine), placed in one bucket per reduce partition. The one
 * implementation for the main thread (writeMapOutput) and the worker threads (runMapTask), so a map
 * output is the same records, combined and placed in the same order, wherever it was computed.
 *
 * Imports nothing that loads the RDD classes: worker threads load it on its own.
 *
 * @example
 * const w = new MapOutputWriter(new HashPartitioner(2, "reduceByKey"), "reduceByKey", { createCombiner: (v) => v, mergeValue: (a, b) => a + b });
 * w.write(["a", 1]); w.writePair("a", 1);
 * w.buckets(); // [[], [["a", 2]]] (the bucket depends on the key's hash)
 */
export class MapOutputWriter<K, V, C> {
  private readonly placed: Array<[K, V | C]>[];
  // Combiners live in boxes so a repeated key costs one hash lookup, not a get and a set:
  // this is the hot path of every reduceByKey. Primitive keys go straight to a Map; other keys
  // through a KeyMap, which compares tuples by value and rejects what cannot be a key. A KeyMap
  // lists its primitive keys before its tuples, and buckets() does the same.
  private readonly primitive = new Map<K, { c: C }>();
  private readonly combined: KeyMap<K, { c: C }> | undefined;
  private readonly createCombiner: ((v: V) => C) | undefined;
  private readonly mergeValue: ((c: C, v: V) => C) | undefined;

  constructor(
    private readonly partitioner: Partitioner,
    private readonly operator: string,
    combine: Pick<Aggregator<V, C>, "createCombiner" | "mergeValue"> | undefined,
  ) {
    this.placed = Array.from({ length: partitioner.numPartitions }, () => []);
    if (combine) {
      this.combined = new KeyMap(operator);
      this.createCombiner = combine.createCombiner;
      this.mergeValue = combine.mergeValue;
    }
  }

  /** Whether records are combined per key (then writePair is the same as write of a fresh pair). */
  get combines(): boolean {
    return this.combined !== undefined;
  }

  /** Writes one record, which must be a [key, value] pair. */
  readonly write = (kv: [K, V]): void => {
    if (!Array.isArray(kv)) throw notAPair(this.operator, kv);
    if (this.combined) this.writePair(kv[0], kv[1]);
    else this.placed[this.partitioner.getPartition(kv[0])]!.push(kv);
  };

  /**
   * Writes the pair [k, v] without the pair itself: with map-side combine nothing keeps the
   * array, so a step known to build a fresh one (keyBy, mapValues, `(w) => [w, 1]`) can skip it.
   */
  readonly writePair = (k: K, v: V): void => {
    const combined = this.combined;
    if (!combined) {
      this.placed[this.partitioner.getPartition(k)]!.push([k, v]);
      return;
    }
    const map = isPrimitive(k) ? this.primitive : combined;
    const box = map.get(k);
    if (box) box.c = this.mergeValue!(box.c, v);
    else map.set(k, { c: this.createCombiner!(v) });
  };

  /** The buckets, one per reduce partition (combined records in first-seen key order). */
  buckets(): Array<[K, V | C]>[] {
    const place = (box: { c: C }, k: K) => {
      this.placed[this.partitioner.getPartition(k)]!.push([k, box.c]);
    };
    this.primitive.forEach(place);
    this.combined?.forEach(place);
    return this.placed;
  }
}

/** A key a Map compares by value as it is (KeyMap's fast path). */
function isPrimitive(k: unknown): boolean {
  switch (typeof k) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
    case "bigint":
      return true;
    case "object":
      return k === null;
    default:
      return false;
  }
}

function notAPair(operator: string, record: unknown): IllegalArgumentError {
  return new IllegalArgumentError(
    `${operator} works on [key, value] pairs, but got the record ${describeValue(record)}. ` +
      "Fix: map each record to a pair first, e.g. .map((w) => [w, 1]).",
  );
}
