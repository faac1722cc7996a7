import type { RDD } from "../../engine";
import { clusterStats } from "../backend";
import { IllegalArgumentError } from "../errors";
import { BatchValidator, type OnInvalid, requireOnInvalid } from "../InvalidRecords";
import { packedRows } from "../kernels/RowSource";
import { closest, packRows64, squaredDistance, toFloat64, type VectorLike } from "../linalg/vectors";
import { ready } from "../tfjs";
import { SeededRandom } from "../util/random";
import { KMeansModel } from "./KMeansModel";
import { kMeansPlusPlusSeeds, localKMeans } from "./LocalKMeans";

/** How the first centres are chosen. */
export type KMeansInitMode = "k-means||" | "k-means++" | "random";

/**
 * MLlib's KMeans on a static dataset: initial centres by k-means|| (default; MLlib's
 * initKMeansParallel with 2 steps), k-means++ or random points, then Lloyd's iterations until
 * every centre moves less than epsilon or maxIterations is reached. The assignment step runs
 * on the k-means kernel backend.ts chooses. Defaults as MLlib's: k 2, maxIterations 20, epsilon 1e-4, initializationSteps 2.
 *
 * @example
 * await ready();
 * const model = await KMeans.train(sc.parallelize(points), 3, 20, "k-means||", 42);
 * model.clusterCenters; // 3 Float64Arrays
 */
export class KMeans {
  private k = 2;
  private maxIterations = 20;
  private initializationMode: KMeansInitMode = "k-means||";
  private initializationSteps = 2;
  private epsilon = 1e-4;
  private seed = 42;
  private onInvalid: OnInvalid = "error";
  private readonly validator = new BatchValidator(() => this.onInvalid);
  /** Lloyd's iterations the last run() took. */
  numIter = 0;
  /** The cost (sum of squared distances) the last run() ended with. */
  trainingCost = 0;

  setK(k: number): this {
    check(Number.isInteger(k) && k > 0, `setK: k must be a positive integer, got ${k}.`);
    this.k = k;
    return this;
  }

  setMaxIterations(maxIterations: number): this {
    check(
      Number.isInteger(maxIterations) && maxIterations >= 0,
      `setMaxIterations: must be a non-negative integer, got ${maxIterations}.`,
    );
    this.maxIterations = maxIterations;
    return this;
  }

  setInitializationMode(mode: KMeansInitMode): this {
    check(
      ["k-means||", "k-means++", "random"].includes(mode),
      `setInitializationMode: "k-means||", "k-means++" or "random", got ${JSON.stringify(mode)}.`,
    );
    this.initializationMode = mode;
    return this;
  }

  setInitializationSteps(steps: number): this {
    check(
      Number.isInteger(steps) && steps > 0,
      `setInitializationSteps: must be a positive integer, got ${steps}.`,
    );
    this.initializationSteps = steps;
    return this;
  }

  setEpsilon(epsilon: number): this {
    check(epsilon >= 0, `setEpsilon: must be non-negative, got ${epsilon}.`);
    this.epsilon = epsilon;
    return this;
  }

  setSeed(seed: number): this {
    check(Number.isFinite(seed), `setSeed: must be a finite number, got ${seed}.`);
    this.seed = seed;
    return this;
  }

  setOnInvalid(onInvalid: OnInvalid): this {
    this.onInvalid = requireOnInvalid(onInvalid);
    return this;
  }

  /** Trains on an RDD or array of vectors. */
  async run(data: RDD<VectorLike> | readonly VectorLike[]): Promise<KMeansModel> {
    await ready();
    const raw = Array.isArray(data) ? data : (data as RDD<VectorLike>).collect();
    const dim = raw[0]?.length;
    check(dim !== undefined && dim > 0, "run: the dataset is empty; k-means needs at least one point.");
    const points = this.validator.vectors(raw, dim, 0, "KMeans.run").map(toFloat64);
    check(points.length > 0, "run: every point was dropped as invalid; nothing is left to cluster.");
    const rand = new SeededRandom(this.seed);
    const centers = this.initialCenters(points, rand);
    const k = centers.length;
    const rows = packedRows(packRows64(points, dim!), dim!); // packed once for every iteration
    let iteration = 0;
    let converged = false;
    while (iteration < this.maxIterations && !converged) {
      const stats = clusterStats(rows, points.length, centers)!;
      converged = true;
      for (let c = 0; c < k; c++) {
        const count = stats.counts[c]!;
        if (count === 0) continue; // MLlib keeps a centre that got no points
        const next = new Float64Array(dim!);
        for (let j = 0; j < dim!; j++) next[j] = stats.sums[c * dim! + j]! / count;
        if (converged && squaredDistance(centers[c]!, next) > this.epsilon * this.epsilon) converged = false;
        centers[c] = next;
      }
      this.trainingCost = stats.cost;
      iteration++;
    }
    this.numIter = iteration;
    const model = new KMeansModel(centers);
    this.trainingCost = model.computeCost(points);
    return model;
  }

  private initialCenters(points: Float64Array[], rand: SeededRandom): Float64Array[] {
    const k = this.k;
    if (this.initializationMode === "random") {
      // MLlib: takeSample(false, k, seed), then distinct.
      const picked = new Set<number>();
      while (picked.size < Math.min(k, points.length)) picked.add(rand.nextInt(points.length));
      return distinct([...picked].map((i) => Float64Array.from(points[i]!)));
    }
    const ones = new Array<number>(points.length).fill(1);
    if (this.initializationMode === "k-means++") return kMeansPlusPlusSeeds(points, ones, k, rand);
    return this.initKMeansParallel(points, rand);
  }

  /** MLlib's initKMeansParallel: oversample ~2k candidates per step, then weighted k-means++ on them. */
  private initKMeansParallel(points: Float64Array[], rand: SeededRandom): Float64Array[] {
    const k = this.k;
    let newCenters: Float64Array[] = [Float64Array.from(points[rand.nextInt(points.length)]!)];
    const centers: Float64Array[] = [...newCenters];
    const costs = new Float64Array(points.length).fill(Number.POSITIVE_INFINITY);
    for (let step = 0; step < this.initializationSteps; step++) {
      let sumCosts = 0;
      for (let i = 0; i < points.length; i++) {
        costs[i] = Math.min(costs[i]!, closest(newCenters, points[i]!).distance);
        sumCosts += costs[i]!;
      }
      const chosen: Float64Array[] = [];
      for (let i = 0; i < points.length; i++) {
        if (rand.nextDouble() < (2 * costs[i]! * k) / sumCosts) chosen.push(Float64Array.from(points[i]!));
      }
      newCenters = chosen;
      centers.push(...chosen);
      if (chosen.length === 0) break;
    }
    const candidates = distinct(centers);
    if (candidates.length <= k) return candidates;
    const counts = new Array<number>(candidates.length).fill(0);
    for (const p of points) counts[closest(candidates, p).index]!++;
    return localKMeans(candidates, counts, k, 30, rand);
  }

  /** MLlib's KMeans.train(data, k, maxIterations, initializationMode, seed). */
  static train(
    data: RDD<VectorLike> | readonly VectorLike[],
    k: number,
    maxIterations = 20,
    initializationMode: KMeansInitMode = "k-means||",
    seed = 42,
  ): Promise<KMeansModel> {
    return new KMeans()
      .setK(k)
      .setMaxIterations(maxIterations)
      .setInitializationMode(initializationMode)
      .setSeed(seed)
      .run(data);
  }
}

function distinct(vectors: Float64Array[]): Float64Array[] {
  const seen = new Set<string>();
  return vectors.filter((v) => {
    const key = Array.from(v).join(",");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new IllegalArgumentError(`KMeans.${message}`);
}
