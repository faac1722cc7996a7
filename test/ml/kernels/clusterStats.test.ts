import { beforeAll, describe, expect, it } from "vitest";
import { assignClusters, ready, SeededRandom } from "../../../ml";
import {
  clusterStatsKernel,
  WASM_FEW_CENTERS,
  WASM_MAX_KMEANS_WORK,
  WASM_MAX_KMEANS_WORK_FEW_CENTERS,
} from "../../../ml/backend";
import type { ClusterStats, ClusterStatsKernel } from "../../../ml/kernels/ClusterStats";
import { clusterStatsReference } from "../../../ml/kernels/clusterStatsReference";
import { clusterStatsTfjs } from "../../../ml/kernels/clusterStatsTfjs";
import { clusterStatsWasm } from "../../../ml/kernels/clusterStatsWasm";
import { BLOCK_ROWS, packedRows, vectorRecords } from "../../../ml/kernels/RowSource";
import { packRows64 } from "../../../ml/linalg/vectors";

beforeAll(() => ready());

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
  return { points, model, rows: packedRows(packRows64(points, d), d) };
}

function relativeError(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

/** Counts and sums equal to the reference's bit for bit; the cost within `costTolerance`, relative. */
function expectLikeReference(got: ClusterStats | undefined, want: ClusterStats, costTolerance: number) {
  expect(got).toBeDefined();
  expect(Array.from(got!.counts)).toEqual(Array.from(want.counts));
  expect(Array.from(got!.sums)).toEqual(Array.from(want.sums));
  expect(relativeError(got!.cost, want.cost)).toBeLessThan(costTolerance);
}

// Relative tolerances on the cost, near the origin and a million away from it, with their reasons
// (measured: WebAssembly 1e-15 and 3e-10, tfjs 1e-6 and 5e-7):
// - WebAssembly (float64): a distance is ‖x − s‖² − 2·x·c' + b, not Σ(x − c)², so it rounds at
//   about 1e-16 of |x|·|c'|, not of the distance; a million away |x| is 1e6 times larger.
// - tfjs: the distances to the centres are float32 (of x − s, so the offset costs nothing),
//   rounding at about 6e-8 of ‖c'‖² + 2|x − s|·|c'|.
const fastPaths: [string, ClusterStatsKernel, number, number][] = [
  ["WebAssembly SIMD", clusterStatsWasm, 1e-12, 1e-8],
  ["tfjs", clusterStatsTfjs, 1e-5, 1e-5],
];

describe("the k-means kernel: every fast path against the reference", () => {
  for (const [name, kernel, tolerance, farTolerance] of fastPaths) {
    // k odd and even, around the backend's threshold; several blocks and a partial last one.
    for (const [k, d] of [
      [10, 10],
      [7, 3],
      [20, 10],
    ] as const) {
      it(`${name}, k ${k}, dim ${d}: the same counts and sums bit for bit, the cost within ${tolerance}`, () => {
        const { model, rows } = clusters(k, d, 2 * BLOCK_ROWS + 37, 0, k * 100 + d);
        expectLikeReference(
          kernel(rows, 2 * BLOCK_ROWS + 37, model),
          clusterStatsReference(rows, 2 * BLOCK_ROWS + 37, model)!,
          tolerance,
        );
      });
    }

    it(`${name}: points a million away from the origin keep their assignments (distances relative to the centres' mean)`, () => {
      const { model, rows } = clusters(10, 10, 1000, 1e6, 7);
      const want = clusterStatsReference(rows, 1000, model)!;
      const got = kernel(rows, 1000, model)!;
      expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
      expect(Array.from(got.sums)).toEqual(Array.from(want.sums));
      expect(relativeError(got.cost, want.cost)).toBeLessThan(farTolerance);
    });

    it(`${name}: a tie goes to the lower-index centre, as MLlib's findClosest`, () => {
      // Ties exact in float32 too (the centres' mean is (1, 0)): [1, 0] is 1 from all four
      // centres, [0, 0] sits on centres 0 and 2, [3, 0] is 1 from centres 1 and 3.
      const centers = [
        [0, 0],
        [2, 0],
        [0, 0],
        [2, 0],
      ].map((c) => Float64Array.from(c));
      const got = kernel(packedRows(Float64Array.of(1, 0, 0, 0, 3, 0), 2), 3, centers)!;
      expect(Array.from(got.counts)).toEqual([2, 1, 0, 0]);
      expect(got.cost).toBe(2);
    });

    it(`${name}: undefined when a record cannot be read as a row, wherever it is in the batch`, () => {
      const { points, model } = clusters(10, 10, 1001, 0, 4);
      const at = 700; // in the third block, after two were already summed
      for (const bad of [
        new Float64Array(9),
        Array.from(points[at]!),
        "[1,2]",
        Float32Array.from(points[at]!),
      ]) {
        const batch: unknown[] = [...points];
        batch[at] = bad;
        expect(kernel(vectorRecords(batch, 10), batch.length, model)).toBeUndefined();
      }
      expect(kernel(vectorRecords(points, 10), points.length, model)).toBeDefined();
    });
  }

  for (const [name, kernel] of fastPaths) {
    it(`${name}: an empty batch gives zero sums, counts and cost`, () => {
      const got = kernel(vectorRecords([], 2), 0, [Float64Array.of(0, 0), Float64Array.of(1, 1)])!;
      expect(got).toEqual({ sums: new Float64Array(4), counts: new Float64Array(2), cost: 0 });
    });
  }

  it("WebAssembly: records straight from the batch give the same stats, bit for bit, as their packed rows", () => {
    const { points, model, rows } = clusters(7, 3, 1001, 0, 3);
    expect(clusterStatsWasm(vectorRecords(points, 3), 1001, model)).toEqual(
      clusterStatsWasm(rows, 1001, model),
    );
  });

  it("WebAssembly: a NaN or infinite feature shows as a non-finite cost (how trainOn knows to validate)", () => {
    const { points, model } = clusters(10, 10, 600, 0, 5);
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY]) {
      const batch = [...points];
      batch[300] = Float64Array.from(points[300]!, (x, j) => (j === 4 ? bad : x));
      expect(Number.isFinite(clusterStatsWasm(vectorRecords(batch, 10), 600, model)!.cost)).toBe(false);
    }
  });
});

describe("backend.ts's choice of k-means kernel", () => {
  it(`WebAssembly SIMD up to k·d = ${WASM_MAX_KMEANS_WORK}, and to ${WASM_MAX_KMEANS_WORK_FEW_CENTERS} for up to ${WASM_FEW_CENTERS} centres; tfjs beyond`, () => {
    expect(clusterStatsKernel(10, 10)).toBe(clusterStatsWasm);
    expect(clusterStatsKernel(32, 32)).toBe(clusterStatsWasm);
    expect(clusterStatsKernel(10, 200)).toBe(clusterStatsWasm);
    expect(clusterStatsKernel(40, 40)).toBe(clusterStatsTfjs);
    expect(clusterStatsKernel(16, 2000)).toBe(clusterStatsTfjs);
  });

  it("assignClusters (public) runs the chosen kernel on plain arrays", () => {
    const got = assignClusters(
      [
        [1, 0],
        [0, 0],
        [3, 0],
      ],
      [Float64Array.of(0, 0), Float64Array.of(2, 0), Float64Array.of(0, 0)],
    );
    expect(Array.from(got.counts)).toEqual([2, 1, 0]);
    expect(Array.from(got.sums)).toEqual([1, 0, 3, 0, 0, 0]);
    expect(got.cost).toBeCloseTo(2, 12);
  });
});
