import { gram } from "../backend";
import { packedLabeledRows } from "../kernels/RowSource";
import { tf } from "../tfjs";
import { SeededRandom } from "../util/random";
import { type Gradient, LeastSquaresGradient } from "./Gradient";
import type { Updater } from "./Updater";

/** One batch of training data, packed once: X is n × d row-major (at least), y has n labels. */
export interface TrainingData {
  X: Float64Array;
  y: Float64Array;
  n: number;
  d: number;
}

/** The optimiser's parameters, as MLlib's GradientDescent holds them. */
export interface SGDParams {
  stepSize: number;
  numIterations: number;
  regParam: number;
  miniBatchFraction: number;
  convergenceTol: number;
}

/** What one run returns: the weights and MLlib's stochastic loss history (one value per iteration run). */
export interface SGDResult {
  weights: Float64Array;
  lossHistory: number[];
}

/**
 * MLlib's GradientDescent.runMiniBatchSGD. Iteration i (1-based, restarting at 1 on every call)
 * samples a fraction of the rows (seed 42 + i), averages the gradient over them, and asks the
 * updater for w − stepSize/√i · (g + reg). It stops early when two successive weight vectors
 * differ by less than convergenceTol · max(‖w‖, 1). No data: the initial weights come back.
 *
 * The per-row work runs on tfjs (float32); the d-sized update runs in float64. For least squares
 * on the full batch the sufficient statistics [X y]ᵀ[X y] are computed once (the Gram kernel
 * backend.ts chooses) and every iteration uses them: the iterates are MLlib's
 * (Xᵀ(Xw − y) = XᵀX·w − Xᵀy), without touching the n rows 50 times.
 *
 * @example
 * await ready();
 * const params = { stepSize: 0.1, numIterations: 50, regParam: 0, miniBatchFraction: 1, convergenceTol: 0.001 };
 * runMiniBatchSGD({ X, y, n, d }, LeastSquaresGradient, SimpleUpdater, params, new Float64Array(d)).weights;
 */
export function runMiniBatchSGD(
  data: TrainingData,
  gradient: Gradient,
  updater: Updater,
  params: SGDParams,
  initialWeights: Float64Array,
): SGDResult {
  const { n, d } = data;
  if (n === 0) return { weights: Float64Array.from(initialWeights), lossHistory: [] };
  if (usesGram(gradient, params)) {
    // Packed rows are always given, so the kernel always returns S.
    const S = gram(packedLabeledRows(data.X, data.y, d), n, d)!;
    return leastSquaresFromGram(S, n, d, updater, params, initialWeights);
  }
  const X = tf.tensor2d(Float32Array.from(data.X.subarray(0, n * d)), [n, d]);
  const y = tf.tensor2d(Float32Array.from(data.y.subarray(0, n)), [n, 1]);
  try {
    return iterate(params, updater, initialWeights, (weights, i) => {
      const rows =
        params.miniBatchFraction >= 1 ? undefined : sampleRows(n, params.miniBatchFraction, 42 + i);
      if (rows && rows.length === 0) return undefined;
      const out = tf.tidy(() => {
        const w = tf.tensor2d(Float32Array.from(weights), [d, 1]);
        if (!rows) return gradient.compute(X, y, w);
        const idx = tf.tensor1d(rows, "int32");
        return gradient.compute(tf.gather(X, idx), tf.gather(y, idx), w);
      });
      const values = out.dataSync();
      out.dispose();
      return {
        gradSum: Float64Array.from(values.subarray(0, d)),
        lossSum: values[d]!,
        count: rows ? rows.length : n,
      };
    });
  } finally {
    X.dispose();
    y.dispose();
  }
}

/** The shared loop: one gradient per iteration from `step`, MLlib's update and convergence test. */
function iterate(
  params: SGDParams,
  updater: Updater,
  initialWeights: Float64Array,
  step: (
    weights: Float64Array,
    i: number,
  ) => { gradSum: Float64Array; lossSum: number; count: number } | undefined,
): SGDResult {
  const lossHistory: number[] = [];
  let weights: Float64Array = Float64Array.from(initialWeights);
  let regVal = updater.compute(weights, new Float64Array(weights.length), 0, 1, params.regParam).regVal;
  let previous: Float64Array | undefined;
  let current: Float64Array | undefined;
  let converged = false;
  for (let i = 1; !converged && i <= params.numIterations; i++) {
    const g = step(weights, i);
    if (!g || g.count === 0) continue; // MLlib: "the size of sampled batch is zero", no update
    lossHistory.push(g.lossSum / g.count + regVal);
    for (let j = 0; j < g.gradSum.length; j++) g.gradSum[j]! /= g.count;
    const update = updater.compute(weights, g.gradSum, params.stepSize, i, params.regParam);
    weights = update.weights;
    regVal = update.regVal;
    previous = current;
    current = weights;
    if (previous) converged = isConverged(previous, current, params.convergenceTol);
  }
  return { weights, lossHistory };
}

/** MLlib's isConverged: ‖w_prev − w‖ < tol · max(‖w‖, 1). */
export function isConverged(previous: Float64Array, current: Float64Array, tol: number): boolean {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < current.length; i++) {
    const dlt = previous[i]! - current[i]!;
    diff += dlt * dlt;
    norm += current[i]! * current[i]!;
  }
  return Math.sqrt(diff) < tol * Math.max(Math.sqrt(norm), 1);
}

/** Bernoulli sample of row indices, repeatable for a seed (MLlib: data.sample(false, f, 42 + i)). */
function sampleRows(n: number, fraction: number, seed: number): Int32Array {
  const rand = new SeededRandom(seed);
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (rand.nextDouble() < fraction) out.push(r);
  return Int32Array.from(out);
}

/** True when runMiniBatchSGD trains from the Gram matrix: least squares on the whole batch. */
export function usesGram(gradient: Gradient, params: SGDParams): boolean {
  return gradient === LeastSquaresGradient && params.miniBatchFraction >= 1;
}

/**
 * Least squares on the whole batch from S = [X y]ᵀ[X y] of its n rows ((d+1) × (d+1),
 * row-major): gradient sum = S_xx·w − S_xy and loss sum = (wᵀS_xx·w − 2·wᵀS_xy + S_yy)/2 per
 * iteration in float64. No rows: the initial weights come back.
 */
export function leastSquaresFromGram(
  S: Float64Array,
  n: number,
  d: number,
  updater: Updater,
  params: SGDParams,
  initialWeights: Float64Array,
): SGDResult {
  if (n === 0) return { weights: Float64Array.from(initialWeights), lossHistory: [] };
  const m = d + 1;
  return iterate(params, updater, initialWeights, (w) => {
    const gradSum = new Float64Array(d);
    let wGw = 0;
    let wb = 0;
    for (let i = 0; i < d; i++) {
      let gi = 0;
      const row = i * m;
      for (let j = 0; j < d; j++) gi += S[row + j]! * w[j]!;
      wGw += w[i]! * gi;
      const bi = S[row + d]!;
      wb += w[i]! * bi;
      gradSum[i] = gi - bi;
    }
    // A difference of large sums: near a perfect fit, rounding can take it a hair below zero.
    const lossSum = Math.max(0, (wGw - 2 * wb + S[d * m + d]!) / 2);
    return { gradSum, lossSum, count: n };
  });
}
