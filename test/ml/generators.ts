/**
 * Deterministic data for the ml suites, after Spark's test generators (LinearDataGenerator,
 * StreamingKMeansDataGenerator): the draws differ from Scala's Random, the distributions do not.
 */
import { LabeledPoint, SeededRandom } from "../../ml";

/** MLlib's LinearDataGenerator.generateLinearInput: x uniform in [−1, 1), y = w·x + b + eps·N(0, 1). */
export function linearInput(
  intercept: number,
  weights: number[],
  n: number,
  seed: number,
  eps = 0.1,
): LabeledPoint[] {
  const rand = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = weights.map(() => rand.nextDouble() * 2 - 1);
    const y = x.reduce((s, xi, i) => s + xi * weights[i]!, intercept) + eps * rand.nextGaussian();
    return new LabeledPoint(y, x);
  });
}

/** StreamingKMeansDataGenerator: batches of points around `centers` (round robin), spread r. */
export function kMeansBatches(
  numPoints: number,
  numBatches: number,
  centers: number[][],
  r: number,
  seed: number,
): number[][][] {
  const rand = new SeededRandom(seed);
  const k = centers.length;
  return Array.from({ length: numBatches }, () =>
    Array.from({ length: numPoints }, (_, i) => centers[i % k]!.map((c) => c + r * rand.nextGaussian())),
  );
}

/** Gaussian centres, as the generator draws them when none are given. */
export function randomCenters(k: number, d: number, seed: number): number[][] {
  const rand = new SeededRandom(seed);
  return Array.from({ length: k }, () => Array.from({ length: d }, () => rand.nextGaussian()));
}

/** Logistic data: x ~ N(0, 1)², label 1 with probability σ(w·x). */
export function logisticInput(weights: number[], n: number, seed: number): LabeledPoint[] {
  const rand = new SeededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = weights.map(() => rand.nextGaussian());
    const margin = x.reduce((s, xi, i) => s + xi * weights[i]!, 0);
    return new LabeledPoint(rand.nextDouble() < 1 / (1 + Math.exp(-margin)) ? 1 : 0, x);
  });
}
