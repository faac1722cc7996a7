import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import {
  ModelNotInitializedError,
  ready,
  StreamingKMeans,
  StreamingLinearRegressionWithSGD,
  StreamingLogisticRegressionWithSGD,
} from "../../../ml";
import { collectOutput, manualContext } from "../../helpers/testStreams";

beforeAll(() => ready());

// What the three streaming models share (trainOn, predictOn, summaries, drop counts), model by model.
const uninitialised = [
  { make: () => new StreamingKMeans(), fix: /initial cluster centers must be set first.*setRandomCenters/ },
  { make: () => new StreamingLinearRegressionWithSGD(), fix: /no weights yet.*setInitialWeights/ },
  { make: () => new StreamingLogisticRegressionWithSGD(), fix: /no weights yet.*setInitialWeights/ },
];

describe("the streaming models before they have a model", () => {
  for (const { make, fix } of uninitialised) {
    it(`${make().constructor.name}: trainOn, predictOn and latestModel fail when called, naming the fix`, async () => {
      const { ssc } = await manualContext();
      const model = make();
      expect(() => model.latestModel()).toThrow(ModelNotInitializedError);
      expect(() => model.latestModel()).toThrow(new RegExp(`${model.constructor.name}\\.latestModel: `));
      expect(() => model.trainOn(ssc.queueStream<never>([]))).toThrow(fix);
      expect(() => model.predictOn(ssc.queueStream<number[]>([]))).toThrow(fix);
      expect(() => model.trainingSummaries()).toThrow(/nothing trains yet. Fix: call trainOn/);
      expect(() => model.droppedRecords()).toThrow(/nothing trains yet/);
      await ssc.stop();
    });
  }
});

describe("the streaming linear models' parameters", () => {
  for (const model of [new StreamingLinearRegressionWithSGD(), new StreamingLogisticRegressionWithSGD()]) {
    it(`${model.constructor.name} has MLlib's defaults: stepSize 0.1, 50 iterations, regParam 0, fraction 1, tol 0.001`, () => {
      expect(model.params).toEqual({
        stepSize: 0.1,
        numIterations: 50,
        regParam: 0,
        miniBatchFraction: 1,
        convergenceTol: 0.001,
        onInvalid: "error",
      });
    });
  }
});

describe("trainingSummaries: one record per batch, empty batches included", () => {
  it("k-means: count, drops, and the batch's cost against the centres before the update as the loss", async () => {
    const km = new StreamingKMeans()
      .setK(2)
      .setInitialCenters([[0], [10]], [0, 0])
      .setOnInvalid("drop");
    const { ssc, clock } = await manualContext();
    const stream = ssc.queueStream<number[] | string>([[[1], [2], [8], "junk"], []]);
    km.trainOn(stream);
    const summaries = collectOutput(km.trainingSummaries());
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    // Against centres 0 and 10: 1 + 4 + 4 = 9.
    expect(summaries.map((s) => s.records[0])).toEqual([
      { timeMs: 1000, count: 3, dropped: 1, loss: 9 },
      { timeMs: 2000, count: 0, dropped: 0, loss: null },
    ]);
  });
});
