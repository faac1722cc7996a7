import { beforeAll, describe, expect, it } from "vitest";
import { assignClusters, ready, SeededRandom, squaredDistance } from "../../../ml";
import { kmeansOnLoops } from "../../../ml/backend";
import { assignPoints, assignRows } from "../../../ml/clustering/assignClusters";
import { closestKernel } from "../../../ml/clustering/closestKernel";
import { packRows64 } from "../../../ml/linalg/vectors";

beforeAll(() => ready());

/** MLlib's findClosest and aggregate, one point at a time in float64: the reference both paths must match. */
function reference(points: Float64Array[], centers: Float64Array[]) {
  const d = centers[0]!.length;
  const sums = new Float64Array(centers.length * d);
  const counts = new Float64Array(centers.length);
  const closest: number[] = [];
  let cost = 0;
  for (const p of points) {
    let best = 0;
    let min = Number.POSITIVE_INFINITY;
    centers.forEach((c, i) => {
      const dist = squaredDistance(c, p);
      if (dist < min) {
        min = dist;
        best = i;
      }
    });
    closest.push(best);
    counts[best]! += 1;
    cost += min;
    for (let j = 0; j < d; j++) sums[best * d + j]! += p[j]!;
  }
  return { sums, counts, cost, closest };
}

/** n points round-robin around k Gaussian centres (spread 10), shifted by `offset` in every coordinate. */
function clusters(k: number, d: number, n: number, offset: number, seed: number) {
  const rand = new SeededRandom(seed);
  const centers = Array.from({ length: k }, () =>
    Float64Array.from({ length: d }, () => offset + 10 * rand.nextGaussian()),
  );
  const points = Array.from({ length: n }, (_, i) =>
    Float64Array.from(centers[i % k]!, (c) => c + rand.nextGaussian()),
  );
  // The model's centres sit a little off the generating ones, as after a few batches.
  const model = centers.map((c) => Float64Array.from(c, (x) => x + 0.3 * rand.nextGaussian()));
  return { points, model };
}

describe("assignClusters", () => {
  // k·d ≤ 128 runs as float64 loops, above on tfjs (backend.ts): both must give MLlib's answer.
  const cases = [
    { k: 10, d: 10, loops: true },
    { k: 7, d: 3, loops: true }, // k not a multiple of the 4-centre blocks
    { k: 20, d: 10, loops: false },
  ];
  for (const { k, d, loops } of cases) {
    it(`k ${k}, dim ${d} (${loops ? "loops" : "tfjs"}): the same assignments, counts and sums as a float64 transcription, cost to 1e-6`, () => {
      expect(kmeansOnLoops(k, d)).toBe(loops);
      // An odd number of points: the loops pair rows, and the last one pairs with itself.
      const { points, model } = clusters(k, d, 2001, 0, k * 100 + d);
      const want = reference(points, model);
      const got = assignClusters(points, model);
      expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
      got.sums.forEach((s, i) => expect(s).toBeCloseTo(want.sums[i]!, 8));
      expect(Math.abs(got.cost - want.cost) / want.cost).toBeLessThan(1e-6);
    });
  }

  it("points a million away from the origin keep their assignments and cost (distances relative to the centres' mean)", () => {
    for (const [k, d] of [
      [10, 10],
      [20, 10],
    ] as const) {
      const { points, model } = clusters(k, d, 1000, 1e6, 7);
      const want = reference(points, model);
      const got = assignClusters(points, model);
      expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
      expect(Math.abs(got.cost - want.cost) / want.cost).toBeLessThan(1e-3);
    }
  });

  it("a tie goes to the lower-index centre, as MLlib's findClosest", () => {
    const centers = [Float64Array.of(0, 0), Float64Array.of(2, 0), Float64Array.of(0, 0)];
    const got = assignClusters(
      [
        [1, 0],
        [0, 0],
        [3, 0],
      ],
      centers,
    );
    // [1, 0] is 1 from centres 0 and 1: centre 0; [0, 0] sits on centres 0 and 2: centre 0.
    expect(Array.from(got.counts)).toEqual([2, 1, 0]);
    expect(got.cost).toBeCloseTo(2, 12);
  });
});

describe("assignPoints: straight from Float64Array records (the fast path of StreamingKMeans.trainOn)", () => {
  it("runs on the WebAssembly SIMD kernel here, for odd k too, and not above k·d 128", () => {
    expect(closestKernel(10, 10)).not.toBeNull();
    expect(closestKernel(7, 3)?.kp).toBe(8);
    expect(closestKernel(20, 10)).toBeNull();
  });

  it("the same stats, bit for bit, as assignRows' JS loops on the packed rows (several blocks, odd count, odd k)", () => {
    for (const [k, d] of [
      [10, 10],
      [7, 3],
    ] as const) {
      const { points, model } = clusters(k, d, 1001, 0, 3);
      const got = assignPoints(points, model)!;
      const packed = assignRows(packRows64(points, d), points.length, model);
      expect(Array.from(got.counts)).toEqual(Array.from(packed.counts));
      expect(Array.from(got.sums)).toEqual(Array.from(packed.sums));
      expect(got.cost).toBe(packed.cost);
      expect(Array.from(got.counts)).toEqual(Array.from(reference(points, model).counts));
    }
  });

  it("gives up (undefined) on any record the validating path must judge, wherever it is in the batch", () => {
    const { points, model } = clusters(10, 10, 1001, 0, 4);
    expect(assignPoints(points, model)).toBeDefined();
    const at = 700; // in the third block, after two were already summed
    const nan = Float64Array.from(points[at]!);
    nan[4] = Number.NaN;
    const inf = Float64Array.from(points[at]!);
    inf[9] = Number.NEGATIVE_INFINITY;
    for (const bad of [
      nan,
      inf,
      new Float64Array(9),
      Array.from(points[at]!),
      "[1,2]",
      Float32Array.from(points[at]!),
    ]) {
      const batch: unknown[] = [...points];
      batch[at] = bad;
      expect(assignPoints(batch, model)).toBeUndefined();
    }
    // k·d above the loops' threshold: always the validating path.
    const big = clusters(20, 10, 10, 0, 5);
    expect(assignPoints(big.points, big.model)).toBeUndefined();
  });
});
