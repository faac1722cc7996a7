import { IllegalArgumentError } from "../errors";
import type { Gradient } from "./Gradient";
import {
  leastSquaresFromGram,
  runMiniBatchSGD,
  type SGDParams,
  type SGDResult,
  type TrainingData,
  usesGram,
} from "./runMiniBatchSGD";
import type { Updater } from "./Updater";

/**
 * MLlib's GradientDescent optimiser: its parameters, with MLlib's checks, and optimize().
 * Defaults as MLlib's: stepSize 1.0, numIterations 100, regParam 0.0, miniBatchFraction 1.0,
 * convergenceTol 0.001. The algorithms that own one set their own defaults.
 */
export class GradientDescent {
  private params: SGDParams = {
    stepSize: 1,
    numIterations: 100,
    regParam: 0,
    miniBatchFraction: 1,
    convergenceTol: 0.001,
  };

  constructor(
    readonly gradient: Gradient,
    readonly updater: Updater,
  ) {}

  /** A copy of the current parameters (what the next optimize() will use). */
  get current(): Readonly<SGDParams> {
    return { ...this.params };
  }

  setStepSize(stepSize: number): this {
    require(stepSize > 0, `setStepSize: the step size must be positive, got ${stepSize}.`);
    this.params.stepSize = stepSize;
    return this;
  }

  setNumIterations(numIterations: number): this {
    require(Number.isInteger(numIterations) &&
      numIterations >=
        0, `setNumIterations: the number of iterations must be a non-negative integer, got ${numIterations}.`);
    this.params.numIterations = numIterations;
    return this;
  }

  setRegParam(regParam: number): this {
    require(regParam >=
      0, `setRegParam: the regularization parameter must be non-negative, got ${regParam}.`);
    this.params.regParam = regParam;
    return this;
  }

  setMiniBatchFraction(fraction: number): this {
    require(fraction > 0 &&
      fraction <= 1, `setMiniBatchFraction: the fraction must be in (0, 1], got ${fraction}.`);
    this.params.miniBatchFraction = fraction;
    return this;
  }

  setConvergenceTol(tolerance: number): this {
    require(tolerance >= 0 &&
      tolerance <= 1, `setConvergenceTol: the tolerance must be in [0, 1], got ${tolerance}.`);
    this.params.convergenceTol = tolerance;
    return this;
  }

  /** Runs mini-batch SGD from `initialWeights` on packed data (the backend must be ready). */
  optimize(data: TrainingData, initialWeights: Float64Array): SGDResult {
    return runMiniBatchSGD(data, this.gradient, this.updater, this.params, initialWeights);
  }

  /** True when optimize() would train from the Gram matrix (least squares, miniBatchFraction 1). */
  usesGram(): boolean {
    return usesGram(this.gradient, this.params);
  }

  /** optimize() from S = [X y]ᵀ[X y] of n rows of d features (when usesGram()): the same iterates. */
  optimizeFromGram(S: Float64Array, n: number, d: number, initialWeights: Float64Array): SGDResult {
    return leastSquaresFromGram(S, n, d, this.updater, this.params, initialWeights);
  }
}

function require(ok: boolean, message: string): void {
  // `!(ok)` also rejects NaN, which every comparison above turns into false.
  if (!ok) throw new IllegalArgumentError(message);
}
