import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import { LabeledPoint, ready, StreamingLinearRegressionWithSGD } from "../../../ml";
import { GRAM_CHUNK, gramOfPoints, gramOfRows } from "../../../ml/optimization/gram";
import { gramKernel } from "../../../ml/optimization/gramKernel";
import { pack } from "../../../ml/regression/GeneralizedLinearAlgorithm";
import { manualContext } from "../../helpers/testStreams";
import { linearInput } from "../generators";
import { batchFailures } from "../streams";

beforeAll(() => ready());

/** [X y]ᵀ[X y] summed row by row in float64: the reference. */
function naiveGram(points: LabeledPoint[], d: number): number[] {
  const m = d + 1;
  const S = new Array(m * m).fill(0);
  for (const p of points) {
    const row = [...p.features, p.label];
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) S[i * m + j] += row[i]! * row[j]!;
  }
  return S;
}

// More than two blocks and a partial, odd-length last one; d 20 (m 21) and d 4 (m 5): neither a
// multiple of the kernel's four columns, nor even.
const N = 2 * GRAM_CHUNK + 37;

describe("Gram matrix [X y]ᵀ[X y] straight from LabeledPoints (the least-squares fast path)", () => {
  it("runs on the WebAssembly SIMD kernel here (Node 20 has it), so the tests below check the kernel", () => {
    expect(gramKernel()).not.toBeNull();
  });

  for (const d of [20, 4]) {
    it(`d ${d}: equals the packed-rows Gram bit for bit and the row-by-row sum to rounding, symmetric`, () => {
      const truth = Array.from({ length: d }, (_, j) => j - d / 2);
      const points = linearInput(0.5, truth, N, 11);
      const fast = gramOfPoints(points, d, false)!;
      expect(fast.n).toBe(N);
      const { X, y } = pack(points, d);
      expect(Array.from(fast.S)).toEqual(Array.from(gramOfRows(X, y, N, d)));
      const ref = naiveGram(points, d);
      const m = d + 1;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) {
          expect(Math.abs(fast.S[i * m + j]! - ref[i * m + j]!)).toBeLessThan(
            1e-9 * (1 + Math.abs(ref[i * m + j]!)),
          );
          expect(fast.S[i * m + j]).toBe(fast.S[j * m + i]);
        }
      }
    });
  }

  it("gives up (undefined) on any record the validating path must judge, wherever it is in the batch", () => {
    const points = linearInput(0, [1, 2, 3], N, 3);
    const at = GRAM_CHUNK + 5; // in the second block, after one block was already accumulated
    const bad: [string, unknown][] = [
      ["a string", "(1.0,[1,2,3])"],
      ["a plain object", { label: 1, features: [1, 2, 3] }],
      ["a wrong dimension", new LabeledPoint(1, [1, 2])],
      ["NaN in the features", new LabeledPoint(1, [1, Number.NaN, 3])],
      ["-Infinity in the features", new LabeledPoint(1, [1, 2, Number.NEGATIVE_INFINITY])],
      ["a NaN label", new LabeledPoint(Number.NaN, [1, 2, 3])],
      ["an infinite label", new LabeledPoint(Number.POSITIVE_INFINITY, [1, 2, 3])],
    ];
    expect(gramOfPoints(points, 3, false)).toBeDefined();
    for (const [, record] of bad) {
      const batch: unknown[] = [...points];
      batch[at] = record;
      expect(gramOfPoints(batch, 3, false)).toBeUndefined();
    }
    // Binary labels (logistic regression's rule): 0 and 1 pass, 2 does not.
    const binary = points.map((p, i) => new LabeledPoint(i % 2, p.features));
    expect(gramOfPoints(binary, 3, true)).toBeDefined();
    binary[at] = new LabeledPoint(2, [1, 2, 3]);
    expect(gramOfPoints(binary, 3, true)).toBeUndefined();
  });

  it("an empty batch gives n 0 and a zero matrix", () => {
    const { S, n } = gramOfPoints([], 3, false)!;
    expect(n).toBe(0);
    expect(Array.from(S)).toEqual(new Array(16).fill(0));
  });
});

describe("StreamingLinearRegressionWithSGD on a large batch with one bad point in the middle", () => {
  const points = linearInput(0, [3, -2, 0.5], N, 7);
  const at = GRAM_CHUNK + 5;
  const withNaN = [...points];
  withNaN[at] = new LabeledPoint(1, [1, Number.NaN, 3]);
  const clean = points.filter((_, i) => i !== at);

  async function train(batch: LabeledPoint[], onInvalid: "error" | "drop") {
    const model = new StreamingLinearRegressionWithSGD(0.5, 20)
      .setInitialWeights([0, 0, 0])
      .setOnInvalid(onInvalid);
    const { ssc, clock } = await manualContext();
    const failures = batchFailures(ssc);
    model.trainOn(ssc.queueStream([batch]));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    return { weights: Array.from(model.latestModel().weights), failures, history: model.droppedHistory() };
  }

  it('"error": the batch fails naming the record, the weights stay as they were', async () => {
    const { weights, failures, history } = await train(withNaN, "error");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/NaN at index 1/);
    expect(weights).toEqual([0, 0, 0]);
    expect(history).toEqual([]);
  });

  it('"drop": the same weights as training on the batch without the point, and the drop counted', async () => {
    const dropped = await train(withNaN, "drop");
    const reference = await train(clean, "drop");
    expect(dropped.failures).toEqual([]);
    expect(dropped.weights).toEqual(reference.weights);
    expect(dropped.weights[0]).toBeGreaterThan(1); // it trained, towards 3
    expect(dropped.history).toEqual([expect.objectContaining({ dropped: 1, byReason: { nonFinite: 1 } })]);
    expect(reference.history).toEqual([]);
  });
});
