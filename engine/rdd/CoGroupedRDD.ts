import { KeyMap } from "../util/keys";
import {
  type Dependency,
  type Emit,
  OneToOneDependency,
  type Partitioner,
  RDD,
  readShuffle,
  ShuffleDependency,
} from "./internal";

/**
 * For each key, one array of values per parent (the basis of join, cogroup, updateStateByKey and
 * windowed reductions). Parents already partitioned the same way are read without a shuffle.
 */
export class CoGroupedRDD<K> extends RDD<[K, unknown[][]]> {
  private readonly inputs: number;

  constructor(
    rdds: RDD<[K, unknown]>[],
    part: Partitioner,
    private readonly operator: string,
  ) {
    super(
      rdds[0]!.context,
      rdds.map(
        (r): Dependency =>
          part.equals(r.partitioner) ? new OneToOneDependency(r) : new ShuffleDependency(r, part, operator),
      ),
      operator,
    );
    this.inputs = rdds.length;
    this.partitioner = part;
  }

  get numPartitions(): number {
    return this.partitioner!.numPartitions;
  }

  protected compute(split: number, emit: Emit<[K, unknown[][]]>): void {
    const n = this.inputs;
    const groups = new KeyMap<K, unknown[][]>(this.operator);
    this.dependencies.forEach((dep, i) => {
      const add = (kv: [K, unknown]) => {
        let g = groups.get(kv[0]);
        if (!g) {
          g = Array.from({ length: n }, () => []);
          groups.set(kv[0], g);
        }
        g[i]!.push(kv[1]);
      };
      if (dep instanceof ShuffleDependency) readShuffle(dep, split, add as Emit<[K, unknown]>);
      else (dep.rdd as RDD<[K, unknown]>).iterate(split, add);
    });
    groups.forEach((g, k) => emit([k, g]));
  }
}
