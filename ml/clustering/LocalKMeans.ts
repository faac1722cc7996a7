import { closest, squaredDistance } from "../linalg/vectors";
import type { SeededRandom } from "../util/random";

/**
 * k-means++ seeding on weighted points (MLlib's LocalKMeans.kMeansPlusPlus, seeding part): the
 * first centre by weight, each next one with probability proportional to weight × distance² to
 * the centres chosen so far.
 */
export function kMeansPlusPlusSeeds(
  points: readonly Float64Array[],
  weights: readonly number[],
  k: number,
  rand: SeededRandom,
): Float64Array[] {
  const centers: Float64Array[] = [pickWeighted(rand, points, weights)];
  const cost = points.map((p) => squaredDistance(p, centers[0]!));
  for (let i = 1; i < k; i++) {
    let sum = 0;
    for (let p = 0; p < points.length; p++) sum += cost[p]! * weights[p]!;
    const r = rand.nextDouble() * sum;
    let cumulative = 0;
    let j = 0;
    while (j < points.length && cumulative < r) {
      cumulative += weights[j]! * cost[j]!;
      j++;
    }
    // j === 0: out of distinct points; MLlib then reuses the first point.
    const next = Float64Array.from(points[j === 0 ? 0 : j - 1]!);
    centers.push(next);
    for (let p = 0; p < points.length; p++) cost[p] = Math.min(cost[p]!, squaredDistance(points[p]!, next));
  }
  return centers;
}

/** MLlib's LocalKMeans.kMeansPlusPlus: seeding, then up to maxIterations of weighted Lloyd's. */
export function localKMeans(
  points: readonly Float64Array[],
  weights: readonly number[],
  k: number,
  maxIterations: number,
  rand: SeededRandom,
): Float64Array[] {
  const centers = kMeansPlusPlusSeeds(points, weights, k, rand);
  const d = points[0]!.length;
  const oldClosest = new Int32Array(points.length).fill(-1);
  let moved = true;
  for (let iteration = 0; moved && iteration < maxIterations; iteration++) {
    moved = false;
    const counts = new Float64Array(k);
    const sums = Array.from({ length: k }, () => new Float64Array(d));
    for (let i = 0; i < points.length; i++) {
      const index = closest(centers, points[i]!).index;
      for (let j = 0; j < d; j++) sums[index]![j]! += weights[i]! * points[i]![j]!;
      counts[index]! += weights[i]!;
      if (index !== oldClosest[i]) {
        moved = true;
        oldClosest[i] = index;
      }
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) centers[c] = Float64Array.from(points[rand.nextInt(points.length)]!);
      else centers[c] = sums[c]!.map((s) => s / counts[c]!);
    }
  }
  return centers;
}

function pickWeighted(
  rand: SeededRandom,
  points: readonly Float64Array[],
  weights: readonly number[],
): Float64Array {
  let total = 0;
  for (const w of weights) total += w;
  const r = rand.nextDouble() * total;
  let i = 0;
  let cumulative = 0;
  while (i < points.length && cumulative < r) {
    cumulative += weights[i]!;
    i++;
  }
  return Float64Array.from(points[Math.max(i - 1, 0)]!);
}
