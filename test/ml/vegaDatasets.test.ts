/**
 * Real data sets from the vega-datasets package, replayed as streams (10 batches, in a seeded
 * shuffled order: the files are sorted by species and by year, which a stream of samples would
 * not be). Each streaming model is compared with the same model trained offline on all the data.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../engine";
import {
  KMeans,
  LabeledPoint,
  LinearRegressionWithSGD,
  ready,
  SeededRandom,
  StreamingKMeans,
  StreamingLinearRegressionWithSGD,
} from "../../ml";
import { collectOutput, manualContext } from "../helpers/testStreams";
import { batchFailures, trainAndEvaluate } from "./streams";

beforeAll(() => ready());

type Row = Record<string, unknown>;
// The package exports only its JS entry (build/index.js); the data files sit beside build/.
const dataDir = path.join(path.dirname(require.resolve("vega-datasets")), "..", "data");
const dataset = (name: string): Row[] =>
  JSON.parse(fs.readFileSync(path.join(dataDir, `${name}.json`), "utf8"));

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  const rand = new SeededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = rand.nextInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function batches<T>(xs: readonly T[], n: number): T[][] {
  const size = Math.ceil(xs.length / n);
  return Array.from({ length: n }, (_, b) => xs.slice(b * size, (b + 1) * size));
}

/** Columns standardised to mean 0, sd 1 over the complete rows; a missing value becomes NaN. */
function standardise(rows: Row[], cols: string[]): number[][] {
  const complete = rows.filter((r) => cols.every((c) => typeof r[c] === "number"));
  const mean = cols.map((c) => complete.reduce((s, r) => s + (r[c] as number), 0) / complete.length);
  const sd = cols.map((c, j) =>
    Math.sqrt(complete.reduce((s, r) => s + ((r[c] as number) - mean[j]!) ** 2, 0) / complete.length),
  );
  return rows.map((r) =>
    cols.map((c, j) => (typeof r[c] === "number" ? ((r[c] as number) - mean[j]!) / sd[j]! : Number.NaN)),
  );
}

describe("real data (vega-datasets) replayed as a stream", () => {
  it("penguins, k-means k=3 on 4 standardised measures: streaming WSSSE on all points within 5% of offline KMeans; the 2 incomplete rows are dropped and counted", async () => {
    const rows = dataset("penguins");
    expect(rows).toHaveLength(344);
    const X = shuffled(
      standardise(rows, ["Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"]),
      1,
    );
    const complete = X.filter((x) => x.every(Number.isFinite));
    expect(complete).toHaveLength(342);

    const offline = await KMeans.train(complete, 3, 20, "k-means||", 42);
    const offlineCost = offline.computeCost(complete);

    const stream = batches(X, 10);
    // Seeded from the first batch's complete points (k-means++), weight 0: the stream does the rest.
    const seed = await KMeans.train(
      stream[0]!.filter((x) => x.every(Number.isFinite)),
      3,
      20,
      "k-means++",
      42,
    );
    const km = new StreamingKMeans()
      .setK(3)
      .setDecayFactor(1)
      .setInitialCenters(seed.clusterCenters, [0, 0, 0])
      .setOnInvalid("drop");
    const { ssc, clock } = await manualContext();
    const failures = batchFailures(ssc);
    const points = ssc.queueStream(stream);
    km.trainOn(points);
    const dropped = collectOutput(km.droppedRecords());
    const cost = collectOutput(km.costOn(points));
    ssc.start();
    await clock.advance(Seconds(10));
    await ssc.stop();
    expect(failures).toEqual([]);

    const streamingCost = km.latestModel().computeCost(complete);
    expect(Math.abs(streamingCost - offlineCost) / offlineCost).toBeLessThan(0.05);
    expect(dropped.reduce((s, b) => s + b.records[0]!.dropped, 0)).toBe(2);
    expect(Array.from(km.latestModel().clusterWeights).reduce((a, b) => a + b)).toBe(342);
    expect(cost).toHaveLength(10);
  });

  it("cars, MPG ~ 1 + 4 standardised columns: streaming SGD's MSE on all cars within 5% of offline LinearRegressionWithSGD", async () => {
    const cols = ["Horsepower", "Weight_in_lbs", "Displacement", "Acceleration"];
    const rows = dataset("cars").filter(
      (r) => typeof r.Miles_per_Gallon === "number" && cols.every((c) => typeof r[c] === "number"),
    );
    expect(rows).toHaveLength(392);
    const X = standardise(rows, cols);
    // The intercept is not trained by MLlib's SGD: a constant 1 column carries it.
    const points = rows.map((r, i) => new LabeledPoint(r.Miles_per_Gallon as number, [1, ...X[i]!]));
    const mse = (w: Float64Array) =>
      points.reduce((s, p) => s + (p.features.reduce((a, x, j) => a + x * w[j]!, 0) - p.label) ** 2, 0) /
      points.length;

    const offline = await LinearRegressionWithSGD.train(points, 100, 1.0);
    const offlineMse = mse(offline.weights);

    const model = new StreamingLinearRegressionWithSGD(0.1, 50).setInitialWeights([0, 0, 0, 0, 0]);
    const { failures, metrics } = await trainAndEvaluate(model, batches(shuffled(points, 1), 10));
    expect(failures).toEqual([]);

    const streamingMse = mse(model.latestModel().weights);
    expect(Math.abs(streamingMse - offlineMse) / offlineMse).toBeLessThan(0.05);
    // the per-batch error stream starts high (weights from 0) and settles near the offline MSE
    const perBatch = metrics.map((m) => m.mse);
    expect(perBatch[0]!).toBeGreaterThan(perBatch.at(-1)!);
    expect(metrics.at(-1)!.rollingMse).toBeLessThan(offlineMse * 2);
  });
});
