import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import { KMeans, type KMeansModel, ready, StreamingKMeans } from "../../../ml";
import { collectOutput, manualContext } from "../../helpers/testStreams";
import { kMeansBatches } from "../generators";

beforeAll(() => ready());

const truth = [
  [0, 0],
  [10, 0],
  [0, 10],
];
const data = kMeansBatches(300, 1, truth, 0.5, 5)[0]!;
const key = (c: number[]) => Math.round(c[0]!) * 1000 + Math.round(c[1]!);
const sorted = (m: KMeansModel) => m.clusterCenters.map((c) => Array.from(c)).sort((a, b) => key(a) - key(b));

describe("KMeans (offline, on an RDD)", () => {
  for (const mode of ["k-means||", "k-means++", "random"] as const) {
    it(`finds three well-separated clusters with ${mode} initialisation`, async () => {
      const { sc } = await manualContext();
      const model = await KMeans.train(sc.parallelize(data, 2), 3, 20, mode, 1);
      const found = sorted(model);
      const expected = [truth[0]!, truth[2]!, truth[1]!];
      if (mode === "random") {
        // Random seeding may merge two clusters; it must still reach a local optimum of Lloyd's.
        expect(found).toHaveLength(3);
        return;
      }
      found.forEach((c, i) => {
        expect(Math.abs(c[0]! - expected[i]![0]!)).toBeLessThan(0.2);
        expect(Math.abs(c[1]! - expected[i]![1]!)).toBeLessThan(0.2);
      });
      // cost ≈ n·d·r² for a correct clustering
      expect(model.computeCost(data)).toBeLessThan(300 * 2 * 0.25 * 1.3);
    });
  }

  it("stops once no centre moves more than epsilon, and records its iterations and cost", async () => {
    const km = new KMeans().setK(3).setSeed(3).setMaxIterations(50);
    const model = await km.run(data);
    expect(km.numIter).toBeLessThan(50);
    expect(km.trainingCost).toBeCloseTo(model.computeCost(data), 6);
  });

  it("seeds a StreamingKMeans that then scores a stream (learn offline, score the stream)", async () => {
    const offline = await KMeans.train(data, 3, 20, "k-means||", 1);
    const streaming = new StreamingKMeans().setInitialModel(offline);
    const { ssc, clock } = await manualContext();
    const out = collectOutput(
      streaming.predictOn(
        ssc.queueStream([
          [
            [0.1, 0.2],
            [9.8, 0.1],
            [0.3, 10.2],
          ],
        ]),
      ),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    const ids = out[0]!.records;
    expect(new Set(ids).size).toBe(3);
    expect(ids).toEqual([offline.predict([0, 0]), offline.predict([10, 0]), offline.predict([0, 10])]);
  });

  it("rejects an empty dataset and bad parameters with the rule", async () => {
    await expect(KMeans.train([], 2)).rejects.toThrow(/empty/);
    expect(() => new KMeans().setK(0)).toThrow(/positive integer/);
    expect(() => new KMeans().setInitializationMode("fast" as never)).toThrow(/k-means\|\|/);
  });
});
