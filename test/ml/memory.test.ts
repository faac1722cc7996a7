import { beforeAll, describe, expect, it } from "vitest";
import { ConstantInputDStream, Seconds } from "../../engine";
import {
  LabeledPoint,
  ready,
  StreamingKMeans,
  StreamingLinearRegressionWithSGD,
  StreamingLogisticRegressionWithSGD,
  tf,
} from "../../ml";
import { manualContext } from "../helpers/testStreams";
import { batchFailures } from "./streams";

beforeAll(() => ready());

describe("tfjs memory", () => {
  it("tf.memory().numTensors does not grow over 10,000 batches of the three streaming models", async () => {
    const { sc, ssc, clock } = await manualContext({ parallelism: 1 });
    const failures = batchFailures(ssc);
    const points = new ConstantInputDStream(
      ssc,
      sc.parallelize([new LabeledPoint(1, [1, 0]), new LabeledPoint(0, [0, 1])], 1),
    );
    const vectors = points.map((p) => p.features);
    const linear = new StreamingLinearRegressionWithSGD(0.1, 2).setInitialWeights([0, 0]);
    const logistic = new StreamingLogisticRegressionWithSGD(0.1, 2).setInitialWeights([0, 0]);
    const kmeans = new StreamingKMeans()
      .setK(2)
      .setHalfLife(10, "batches")
      .setInitialCenters(
        [
          [0, 0],
          [1, 1],
        ],
        [1, 1],
      );
    linear.trainOn(points);
    logistic.trainOn(points);
    kmeans.trainOn(vectors);
    let lastCost = 0;
    kmeans.costOn(vectors).foreachRDD((rdd) => {
      lastCost = rdd.collect()[0]!.cost;
    });
    ssc.start();
    await clock.advance(Seconds(10));
    const before = tf.memory().numTensors;
    await clock.advance(Seconds(9_990));
    const after = tf.memory().numTensors;
    await ssc.stop();
    expect(failures).toEqual([]);
    expect(after).toBe(before);
    expect(Number.isFinite(lastCost)).toBe(true);
    expect(linear.latestModel().weights[0]).toBeCloseTo(1, 1);
  }, 120_000);
});
