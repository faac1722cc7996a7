import { beforeAll, describe, expect, it } from "vitest";
import {
  type Gradient,
  GradientDescent,
  IllegalArgumentError,
  LabeledPoint,
  LeastSquaresGradient,
  LinearRegressionWithSGD,
  LogisticGradient,
  ready,
  runMiniBatchSGD,
  SimpleUpdater,
  SquaredL2Updater,
} from "../../../ml";
import { linearInput, logisticInput } from "../generators";
import { pack } from "../pack";

beforeAll(() => ready());

const xs = [new LabeledPoint(2, [1]), new LabeledPoint(4, [2]), new LabeledPoint(6, [3])];
const params = { stepSize: 0.1, numIterations: 3, regParam: 0, miniBatchFraction: 1, convergenceTol: 0.001 };

/** The same least-squares gradient under another identity, which takes the per-iteration tfjs path. */
const leastSquaresPerIteration: Gradient = { name: "leastSquares", compute: LeastSquaresGradient.compute };

/** MLlib's runMiniBatchSGD, transcribed in plain float64 JS: the reference the tfjs paths must match. */
function referenceSGD(points: LabeledPoint[], w0: number[], p: typeof params, logistic = false): number[] {
  let w = [...w0];
  let prev: number[] | undefined;
  for (let i = 1; i <= p.numIterations; i++) {
    const g = w.map(() => 0);
    for (const pt of points) {
      const dotv = pt.features.reduce((s, x, j) => s + x * w[j]!, 0);
      const mult = logistic ? 1 / (1 + Math.exp(-dotv)) - pt.label : dotv - pt.label;
      pt.features.forEach((x, j) => {
        g[j]! += mult * x;
      });
    }
    const step = p.stepSize / Math.sqrt(i);
    w = w.map((wj, j) => (logistic ? (1 - step * p.regParam) * wj : wj) - (step * g[j]!) / points.length);
    if (prev) {
      const diff = Math.sqrt(w.reduce((s, wj, j) => s + (wj - prev![j]!) ** 2, 0));
      const norm = Math.sqrt(w.reduce((s, wj) => s + wj * wj, 0));
      if (diff < p.convergenceTol * Math.max(norm, 1)) break;
    }
    prev = w;
  }
  return w;
}

describe("runMiniBatchSGD (MLlib's GradientDescent)", () => {
  it("x=[1],[2],[3], y=[2,4,6], w0=0, stepSize 0.1, 3 iterations, tol 0.001 gives w ≈ 1.4778729 (float32 tolerance)", () => {
    for (const gradient of [LeastSquaresGradient, leastSquaresPerIteration]) {
      const { weights, lossHistory } = runMiniBatchSGD(
        pack(xs, 1),
        gradient,
        SimpleUpdater,
        params,
        new Float64Array(1),
      );
      expect(weights[0]).toBeCloseTo(1.4778729, 6);
      expect(lossHistory).toHaveLength(3);
      // iteration 1 at w = 0: mean of diff²/2 = (4 + 16 + 36) / 6
      expect(lossHistory[0]).toBeCloseTo(56 / 6, 4);
    }
  });

  it("the offline algorithm gives the same 1.4778729 through LinearRegressionWithSGD.run", async () => {
    const model = await new LinearRegressionWithSGD(0.1, 3).run(xs, [0]);
    expect(model.weights[0]).toBeCloseTo(1.4778729, 6);
    expect(model.intercept).toBe(0);
  });

  it("the Gram-matrix path and the per-iteration path both match a float64 transcription of MLlib on 2,000 points", () => {
    const points = linearInput(0, [3, -2, 0.5], 2000, 5);
    const p = { ...params, stepSize: 0.5, numIterations: 40, convergenceTol: 0 };
    const expected = referenceSGD(points, [0, 0, 0], p);
    for (const gradient of [LeastSquaresGradient, leastSquaresPerIteration]) {
      const { weights } = runMiniBatchSGD(pack(points, 3), gradient, SimpleUpdater, p, new Float64Array(3));
      Array.from(weights).forEach((w, j) => expect(Math.abs(w - expected[j]!)).toBeLessThan(1e-4));
    }
  });

  it("the Gram-matrix path matches the float64 transcription to rounding (dim 20 and 40)", () => {
    for (const d of [20, 40]) {
      const truth = Array.from({ length: d }, (_, j) => ((j % 5) - 2) / 2);
      const points = linearInput(0, truth, 3000, d);
      const p = { ...params, stepSize: 0.5, numIterations: 20, convergenceTol: 0 };
      const expected = referenceSGD(points, new Array(d).fill(0), p);
      const { weights } = runMiniBatchSGD(
        pack(points, d),
        LeastSquaresGradient,
        SimpleUpdater,
        p,
        new Float64Array(d),
      );
      Array.from(weights).forEach((w, j) => expect(Math.abs(w - expected[j]!)).toBeLessThan(1e-10));
    }
  });

  it("logistic gradient with L2 updater matches the float64 transcription", () => {
    const points = logisticInput([2, -1], 1000, 9);
    const p = { ...params, stepSize: 1, numIterations: 30, regParam: 0.01, convergenceTol: 0 };
    const expected = referenceSGD(points, [0, 0], p, true);
    const { weights } = runMiniBatchSGD(
      pack(points, 2),
      LogisticGradient,
      SquaredL2Updater,
      p,
      new Float64Array(2),
    );
    Array.from(weights).forEach((w, j) => expect(Math.abs(w - expected[j]!)).toBeLessThan(1e-4));
  });

  it("stops early once successive weights differ by less than convergenceTol·max(‖w‖, 1)", () => {
    const points = linearInput(0, [1], 200, 1, 0);
    const [loose, tight] = [0.1, 0].map((convergenceTol) =>
      runMiniBatchSGD(
        pack(points, 1),
        LeastSquaresGradient,
        SimpleUpdater,
        { ...params, numIterations: 100, stepSize: 1, convergenceTol },
        new Float64Array(1),
      ),
    );
    expect(loose!.lossHistory.length).toBeLessThan(20);
    expect(tight!.lossHistory).toHaveLength(100);
  });

  it("a mini-batch fraction samples rows per iteration and still converges", () => {
    const points = linearInput(0, [4, 4], 1000, 2, 0.01);
    const { weights } = runMiniBatchSGD(
      pack(points, 2),
      LeastSquaresGradient,
      SimpleUpdater,
      { ...params, stepSize: 1, numIterations: 200, miniBatchFraction: 0.3, convergenceTol: 0 },
      new Float64Array(2),
    );
    expect(Math.abs(weights[0]! - 4)).toBeLessThan(0.2);
    expect(Math.abs(weights[1]! - 4)).toBeLessThan(0.2);
  });

  it("returns the initial weights when there is no data", () => {
    const { weights, lossHistory } = runMiniBatchSGD(
      pack([], 2),
      LeastSquaresGradient,
      SimpleUpdater,
      params,
      Float64Array.from([1, 2]),
    );
    expect(Array.from(weights)).toEqual([1, 2]);
    expect(lossHistory).toEqual([]);
  });

  it("rejects parameters outside MLlib's ranges, naming the rule", () => {
    const gd = new GradientDescent(LeastSquaresGradient, SimpleUpdater);
    expect(() => gd.setStepSize(0)).toThrow(IllegalArgumentError);
    expect(() => gd.setStepSize(Number.NaN)).toThrow(/must be positive/);
    expect(() => gd.setMiniBatchFraction(1.5)).toThrow(/\(0, 1\]/);
    expect(() => gd.setNumIterations(2.5)).toThrow(/non-negative integer/);
    expect(() => gd.setConvergenceTol(2)).toThrow(/\[0, 1\]/);
    expect(() => gd.setRegParam(-1)).toThrow(/non-negative/);
  });
});
