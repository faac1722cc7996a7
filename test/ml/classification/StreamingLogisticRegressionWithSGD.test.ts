import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import {
  LabeledPoint,
  LogisticRegressionModel,
  LogisticRegressionWithSGD,
  ready,
  StreamingLogisticRegressionWithSGD,
} from "../../../ml";
import { collectOutput, manualContext } from "../../helpers/testStreams";
import { logisticInput } from "../generators";
import { trainAndEvaluate } from "../streams";

beforeAll(() => ready());

describe("StreamingLogisticRegressionWithSGD (Spark's StreamingLogisticRegressionSuite)", () => {
  it("parameter accuracy: B = -1.5, 20 batches of 100 points, stepSize 3, 10 iterations: within 0.5 of the true weight, accuracy rises", async () => {
    const model = new StreamingLogisticRegressionWithSGD()
      .setInitialWeights([0])
      .setStepSize(3)
      .setNumIterations(10);
    const batches = Array.from({ length: 20 }, (_, i) => logisticInput([-1.5], 100, 42 * (i + 1)));
    const { failures, metrics: acc } = await trainAndEvaluate(model, batches);
    expect(failures).toEqual([]);
    expect(Math.abs(model.latestModel().weights[0]! + 1.5)).toBeLessThan(0.5);
    expect(acc).toHaveLength(20);
    expect(acc.at(-1)!.rollingAccuracy).toBeGreaterThan(0.7);
    expect(acc.at(-1)!.count).toBe(100);
  });

  it("predictOn gives 0/1 labels at the 0.5 threshold, probabilities after clearThreshold", async () => {
    const model = new StreamingLogisticRegressionWithSGD().setInitialWeights([2]);
    const { ssc, clock } = await manualContext();
    const out = collectOutput(model.predictOn(ssc.queueStream([[[1], [-1], [0]]])));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out[0]!.records).toEqual([1, 0, 0]);
    const m = model.latestModel().clearThreshold();
    expect(m.predict([1])).toBeCloseTo(1 / (1 + Math.exp(-2)), 12);
    expect(m.setThreshold(0.1).predict([-1])).toBe(1);
  });

  it("offline LogisticRegressionWithSGD.train separates two classes", async () => {
    const { sc } = await manualContext();
    const data = logisticInput([4, -4], 400, 3);
    const model = await LogisticRegressionWithSGD.train(sc.parallelize(data, 2), 100, 1.0);
    expect(model).toBeInstanceOf(LogisticRegressionModel);
    const acc = data.filter((p) => model.predict(p.features) === p.label).length / data.length;
    expect(acc).toBeGreaterThan(0.85);
    expect(model.weights[0]).toBeGreaterThan(0);
    expect(model.weights[1]).toBeLessThan(0);
  });

  it("regParam shrinks the weights (SquaredL2Updater), unlike linear regression's SimpleUpdater", async () => {
    const data = logisticInput([3, -3], 300, 4);
    const free = await new LogisticRegressionWithSGD(1, 50, 0).run(data);
    const shrunk = await new LogisticRegressionWithSGD(1, 50, 0.5).run(data);
    const norm = (w: Float64Array) => Math.hypot(...w);
    expect(norm(shrunk.weights)).toBeLessThan(norm(free.weights) * 0.8);
    expect(new LabeledPoint(1, [0]).label).toBe(1);
  });
});
