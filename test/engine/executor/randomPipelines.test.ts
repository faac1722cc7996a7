import { describe, expect, it } from "vitest";
import type { BatchContext, RDD } from "../../../engine";
import { seededRandom } from "../../../engine/util/random";
import { context } from "./support";

// A property test: random pipelines of element-wise steps and shuffles over random inputs give
// identical partitions (placement and order included) on the main thread alone and on the pool.

type Rand = () => number;
type Pair = [unknown, unknown];

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Element-wise steps on strings (all shippable: they read only their arguments). */
const STRING_STEPS: ((r: RDD<string>) => RDD<string>)[] = [
  (r) => r.flatMap((l) => l.split(" ")),
  (r) => r.filter((s) => s.length % 3 !== 0),
  (r) => r.map((s) => s.toUpperCase()),
  (r) => r.map((s) => (s.length > 1 ? s.slice(1) + s[0] : `${s}~`)),
];

/** Ways to key strings. */
const KEYING: ((r: RDD<string>) => RDD<Pair>)[] = [
  (r) => r.map((s) => [s, 1]),
  (r) => r.map((s) => [s.slice(0, 2), s.length]),
  (r) => r.keyBy((s) => s.length % 7) as RDD<Pair>,
  (r) => r.map((s) => [[s.length % 3, s[0] ?? ""], s.length * 0.5]),
];

/** Element-wise steps on pairs. */
const PAIR_STEPS: ((r: RDD<Pair>) => RDD<Pair>)[] = [
  (r) => r.mapValues((v) => (typeof v === "number" ? v * 3 - 1 : String(v).length)),
  (r) => r.filter((kv) => JSON.stringify(kv).length % 4 !== 1),
  (r) => r.flatMapValues((v) => [v, v]),
];

/** Shuffles (some with map-side combine, some without; some over two inputs). */
const SHUFFLES: ((r: RDD<Pair>, other: RDD<Pair>, n: number) => RDD<Pair>)[] = [
  (r, _o, n) => r.reduceByKey((a: any, b: any) => (typeof a === "number" ? a + b : `${a}${b}`), n),
  (r, _o, n) => r.groupByKey(n) as RDD<Pair>,
  (r, _o, n) =>
    r.combineByKey(
      (v) => [v],
      (c: unknown[], v) => {
        c.push(v);
        return c;
      },
      (a, b) => a.concat(b),
      n,
    ) as RDD<Pair>,
  (r, _o, n) => r.foldByKey(0 as unknown, (a: any, b: any) => a * 2 + (typeof b === "number" ? b : 1), n),
  (r, o, n) => r.join(o, n) as RDD<Pair>,
  (r, o, n) => r.cogroup(o, n) as RDD<Pair>,
  (r, _o, n) =>
    r
      .keys()
      .distinct(n)
      .map((k) => [k, null]) as RDD<Pair>,
];

function randomInput(sc: BatchContext, rand: Rand): RDD<string> {
  const n = Math.floor(rand() * 400);
  const vocabulary = ["a", "bb", "ccc", "dddd", "é", "😀", "x y", "", "zz z"];
  const lines = Array.from({ length: n }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(rand, vocabulary)).join(" "),
  );
  const rdd = sc.parallelize(lines, 1 + Math.floor(rand() * 4));
  return rand() < 0.3 ? rdd.cache() : rdd;
}

/** A random pipeline, the same for the same seed whatever the context. */
function pipeline(sc: BatchContext, seed: number): RDD<unknown> {
  const rand = seededRandom(seed);
  let lines = randomInput(sc, rand);
  for (let i = Math.floor(rand() * 3); i > 0; i--) lines = pick(rand, STRING_STEPS)(lines);
  let pairs = pick(rand, KEYING)(lines);
  if (rand() < 0.5) pairs = pick(rand, PAIR_STEPS)(pairs);
  const other = pick(rand, KEYING)(randomInput(sc, rand));
  let out = pick(rand, SHUFFLES)(pairs, other, 1 + Math.floor(rand() * 3));
  if (rand() < 0.4) {
    // A second stage: the shuffle's output re-keyed and shuffled again.
    out = out.map((kv) => [JSON.stringify(kv[1]).length % 5, kv[0]] as Pair).groupByKey(2) as RDD<Pair>;
  }
  return out;
}

describe("random pipelines: the pool gives what the main thread gives", () => {
  it("40 pipelines of element-wise steps and shuffles over random inputs", async () => {
    const local = context(0);
    const pool = context(2);
    for (let seed = 1; seed <= 40; seed++) {
      const expected = pipeline(local, seed).glom().collect();
      const actual = await pipeline(pool, seed).glom().collectAsync();
      expect(actual, `pipeline ${seed}`).toEqual(expected);
    }
    expect(pool.executorStats!.tasksOnWorkers).toBeGreaterThan(40);
  });
});
