import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import { ready, StreamingKMeans, StreamingKMeansModel } from "../../../ml";
import { collectOutput, manualContext } from "../../helpers/testStreams";
import { kMeansBatches, randomCenters } from "../generators";
import { batchFailures, trainOnBatches } from "../streams";

beforeAll(() => ready());

const rows = (m: StreamingKMeansModel) => m.clusterCenters.map((c) => Array.from(c));

describe("StreamingKMeansModel.update (MLlib's rule)", () => {
  it("reproduces PySpark's StreamingKMeansModel doc example: weights [3,3], then centres [[0.2,0.2],[1.5,1.5]] with decay 0", () => {
    const m = new StreamingKMeansModel(
      [
        [0, 0],
        [1, 1],
      ],
      [1, 1],
    );
    m.update(
      [
        [-0.1, -0.1],
        [0.1, 0.1],
        [0.9, 0.9],
        [1.1, 1.1],
      ],
      1.0,
      "batches",
    );
    expect(rows(m)[0]![0]).toBeCloseTo(0, 6);
    expect(rows(m)[1]![0]).toBeCloseTo(1, 6);
    expect(m.predict([-0.1, -0.1])).toBe(0);
    expect(m.predict([0.9, 0.9])).toBe(1);
    expect(Array.from(m.clusterWeights)).toEqual([3, 3]);
    m.update(
      [
        [1.5, 1.5],
        [0.2, 0.2],
      ],
      0.0,
      "batches",
    );
    const c = rows(m);
    for (let j = 0; j < 2; j++) {
      expect(c[0]![j]).toBeCloseTo(0.2, 6);
      expect(c[1]![j]).toBeCloseTo(1.5, 6);
    }
    expect(Array.from(m.clusterWeights)).toEqual([1, 1]);
  });

  it("decays by decayFactor^points with the points time unit, and moves a centre by m/(w+m) toward the batch mean", () => {
    const m = new StreamingKMeansModel([[0], [10]], [4, 4]);
    m.update([[2], [4]], 0.5, "points"); // discount 0.25: weights 1 and 1; cluster 0 gets 2 points, mean 3
    expect(m.clusterWeights[0]).toBeCloseTo(3, 12);
    expect(m.clusterWeights[1]).toBeCloseTo(1, 12);
    expect(m.clusterCenters[0]![0]).toBeCloseTo((1 / 3) * 0 + (2 / 3) * 3, 5);
    expect(m.clusterCenters[1]![0]).toBe(10);
  });

  it("splits the largest cluster when the smallest weighs under 1e-8 of it", () => {
    const m = new StreamingKMeansModel([[0], [100]], [1, 1e-12]);
    m.update([[1]], 1, "batches");
    const [a, b] = m.clusterCenters.map((c) => c[0]!);
    // cluster 0 (weight 2, centre 0.5) is split: 0.5 ± 1e-14
    expect(a! - 0.5).toBeCloseTo(1e-14, 15);
    expect(b! - 0.5).toBeCloseTo(-1e-14, 15);
    expect(m.clusterWeights[0]).toBeCloseTo(1, 9);
    expect(m.clusterWeights[1]).toBeCloseTo(1, 9);
  });

  it("decays every weight on an empty batch in the batches unit, as MLlib's code does", () => {
    const m = new StreamingKMeansModel([[0], [1]], [2, 4]);
    m.update([], 0.5, "batches");
    expect(Array.from(m.clusterWeights)).toEqual([1, 2]);
    m.update([], 0.5, "points");
    expect(Array.from(m.clusterWeights)).toEqual([1, 2]);
  });
});

describe("StreamingKMeans on a stream (Spark's StreamingKMeansSuite)", () => {
  it("k=1 converges to the grand mean of every point seen (absTol 1e-5)", async () => {
    const centers = randomCenters(1, 5, 7);
    const input = kMeansBatches(50, 10, centers, 0.1, 3);
    const km = new StreamingKMeans()
      .setK(1)
      .setDecayFactor(1)
      .setInitialCenters([[0, 0, 0, 0, 0]], [0]);
    expect(await trainOnBatches(km, input)).toEqual([]);
    const all = input.flat();
    const grandMean = centers[0]!.map((_, j) => all.reduce((s, p) => s + p[j]!, 0) / all.length);
    const got = Array.from(km.latestModel().clusterCenters[0]!);
    got.forEach((g, j) => expect(Math.abs(g - grandMean[j]!)).toBeLessThan(1e-5));
    got.forEach((g, j) => expect(Math.abs(g - centers[0]![j]!)).toBeLessThan(0.1));
    expect(km.latestModel().clusterWeights[0]).toBe(500);
  });

  it("two centres are found within 0.1 of the true ones", async () => {
    const centers = [
      [5, 5, 5, 5, 5],
      [-5, -5, -5, -5, -5],
    ];
    const input = kMeansBatches(50, 10, centers, 0.1, 11);
    // As Spark's suite: initial centres near the origin, one on each side, with a small weight.
    const km = new StreamingKMeans()
      .setK(2)
      .setDecayFactor(1)
      .setInitialCenters(
        [
          [0.1, 0.1, 0.2, 0.3, 0.1],
          [-0.1, -0.2, 0, -0.2, -0.1],
        ],
        [0.01, 0.01],
      );
    expect(await trainOnBatches(km, input)).toEqual([]);
    const found = rows(km.latestModel()).sort((a, b) => a[0]! - b[0]!);
    for (let j = 0; j < 5; j++) {
      expect(Math.abs(found[0]![j]! + 5)).toBeLessThan(0.1);
      expect(Math.abs(found[1]![j]! - 5)).toBeLessThan(0.1);
    }
  });

  it("detects a dying cluster and splits the live one (halfLife 0.5 points, all data near 0)", async () => {
    const km = new StreamingKMeans()
      .setK(2)
      .setHalfLife(0.5, "points")
      .setInitialCenters([[0], [1000]], [1, 1]);
    const input = kMeansBatches(5, 10, [[0]], 1, 42);
    expect(await trainOnBatches(km, input)).toEqual([]);
    const [lo, hi] = km
      .latestModel()
      .clusterCenters.map((c) => c[0]!)
      .sort((a, b) => a - b);
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    expect(hi).toBeLessThan(10); // the centre at 1000 was re-seeded next to the data
  });

  it("reads setDecayFactor at every batch: the PySpark example again, with decay 0 set between batches", async () => {
    const km = new StreamingKMeans()
      .setK(2)
      .setDecayFactor(1)
      .setInitialCenters(
        [
          [0, 0],
          [1, 1],
        ],
        [1, 1],
      );
    const { ssc, clock } = await manualContext();
    const failures = batchFailures(ssc);
    km.trainOn(
      ssc.queueStream([
        [
          [-0.1, -0.1],
          [0.1, 0.1],
          [0.9, 0.9],
          [1.1, 1.1],
        ],
        [
          [1.5, 1.5],
          [0.2, 0.2],
        ],
      ]),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    expect(Array.from(km.latestModel().clusterWeights)).toEqual([3, 3]);
    km.setDecayFactor(0);
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(failures).toEqual([]);
    expect(Array.from(km.latestModel().clusterWeights)).toEqual([1, 1]);
    expect(km.latestModel().clusterCenters[0]![0]).toBeCloseTo(0.2, 6);
    expect(km.latestModel().clusterCenters[1]![1]).toBeCloseTo(1.5, 6);
  });

  it("setHalfLife(h) gives decay exp(ln 0.5 / h): half the weight after h batches", () => {
    const km = new StreamingKMeans().setHalfLife(4, "batches");
    expect(km.decayFactor ** 4).toBeCloseTo(0.5, 12);
    expect(km.timeUnit).toBe("batches");
  });

  it("predictOn, predictOnValues and costOn use the centres trained by the same batch (outputs defined after trainOn)", async () => {
    const km = new StreamingKMeans().setK(2).setInitialCenters([[0], [10]], [0, 0]);
    const { ssc, clock } = await manualContext();
    const failures = batchFailures(ssc);
    const points = ssc.queueStream([
      [[1], [2], [8]],
      [[9], [3]],
    ]);
    km.trainOn(points);
    const predictions = collectOutput(km.predictOn(points));
    const keyed = collectOutput(km.predictOnValues(points.map((p) => [p[0]!, p] as [number, number[]])));
    const cost = collectOutput(km.costOn(points));
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(failures).toEqual([]);
    expect(predictions.map((b) => b.records)).toEqual([
      [0, 0, 1],
      [1, 0],
    ]);
    expect(keyed[1]!.records).toEqual([
      [9, 1],
      [3, 0],
    ]);
    // batch 1: centres 1.5 and 8 → cost 0.25 + 0.25 + 0 = 0.5
    expect(cost[0]!.records[0]!.cost).toBeCloseTo(0.5, 9);
    expect(cost[0]!.records[0]!.count).toBe(3);
  });

  it("rejects inconsistent initial centres and bad parameters with the rule in the message", () => {
    expect(() => new StreamingKMeans().setK(2).setInitialCenters([[0]], [1])).toThrow(/must be k = 2/);
    expect(() => new StreamingKMeans().setK(1).setInitialCenters([[0]], [1, 2])).toThrow(
      /one weight per centre/,
    );
    expect(() => new StreamingKMeans().setK(1).setInitialCenters([[0]], [-1])).toThrow(/non-negative/);
    expect(() => new StreamingKMeans().setK(0)).toThrow(/positive integer/);
    expect(() => new StreamingKMeans().setHalfLife(0, "batches")).toThrow(/positive/);
    expect(() => new StreamingKMeans().setHalfLife(1, "seconds" as never)).toThrow(/"batches" or "points"/);
  });
});

describe("StreamingKMeans.trainOn on a large Float64Array batch with one bad vector in the middle", () => {
  const rand = randomCenters(3, 4, 9);
  const batch = kMeansBatches(1000, 1, rand, 0.5, 9)[0]!.map((p) => Float64Array.from(p));
  const at = 600;
  const withNaN = [...batch];
  withNaN[at] = Float64Array.of(1, Number.NaN, 1, 1);
  const clean = batch.filter((_, i) => i !== at);

  async function train(points: Float64Array[], onInvalid: "error" | "drop") {
    const km = new StreamingKMeans().setK(3).setInitialCenters(rand, [0, 0, 0]).setOnInvalid(onInvalid);
    const failures = await trainOnBatches(km, [points]);
    return {
      km,
      failures,
      centers: rows(km.latestModel()),
      weights: Array.from(km.latestModel().clusterWeights),
    };
  }

  it('"error": the batch fails naming the NaN, the model stays as it was', async () => {
    const { failures, centers, weights } = await train(withNaN, "error");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/NaN at index 1/);
    expect(centers).toEqual(rand);
    expect(weights).toEqual([0, 0, 0]);
  });

  it('"drop": the same centres as the batch without the vector, and the drop counted', async () => {
    const dropped = await train(withNaN, "drop");
    const reference = await train(clean, "drop");
    expect(dropped.failures).toEqual([]);
    expect(dropped.centers).toEqual(reference.centers);
    expect(dropped.weights).toEqual(reference.weights);
    expect(dropped.weights.reduce((a, b) => a + b)).toBe(999);
    expect(dropped.km.droppedHistory()).toEqual([
      expect.objectContaining({ dropped: 1, byReason: { nonFinite: 1 } }),
    ]);
    expect(reference.km.droppedHistory()).toEqual([]);
  });
});
