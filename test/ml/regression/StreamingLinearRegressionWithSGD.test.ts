import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import {
  LabeledPoint,
  LinearRegressionModel,
  LinearRegressionWithSGD,
  ready,
  StreamingLinearRegressionWithSGD,
} from "../../../ml";
import { BLOCK_ROWS } from "../../../ml/kernels/RowSource";
import { collectOutput, manualContext } from "../../helpers/testStreams";
import { linearInput } from "../generators";
import { batchFailures, trainOnBatches } from "../streams";

beforeAll(() => ready());

describe("StreamingLinearRegressionWithSGD (Spark's StreamingLinearRegressionSuite)", () => {
  it("Y = 10·X1 + 10·X2 + noise, 10 batches of 100, stepSize 0.2, 25 iterations: weights within 0.1 of [10, 10], error never grows", async () => {
    // Spark's "parameter accuracy" test, with its convergenceTol of 0.0001.
    const model = new StreamingLinearRegressionWithSGD()
      .setInitialWeights([0, 0])
      .setStepSize(0.2)
      .setNumIterations(25)
      .setConvergenceTol(0.0001);
    const batches = Array.from({ length: 10 }, (_, i) => linearInput(0, [10, 10], 100, 42 * (i + 1)));
    const { ssc, clock } = await manualContext();
    const failures = batchFailures(ssc);
    const stream = ssc.queueStream(batches.map((b) => [...b]));
    model.trainOn(stream);
    const history: number[] = [];
    stream.foreachRDD(() => {
      history.push(Math.abs(model.latestModel().weights[0]! - 10));
    });
    const errors = collectOutput(model.evaluateOn(stream));
    ssc.start();
    await clock.advance(Seconds(10));
    await ssc.stop();
    expect(failures).toEqual([]);
    const w = model.latestModel().weights;
    expect(Math.abs(w[0]! - 10)).toBeLessThan(0.1);
    expect(Math.abs(w[1]! - 10)).toBeLessThan(0.1);
    // Spark's "parameter convergence": the error always shrinks (or grows by under 0.1), and shrinks at least twice.
    const deltas = history.slice(1).map((h, i) => h - history[i]!);
    expect(deltas.every((d) => d <= 0.1)).toBe(true);
    expect(deltas.filter((d) => d < 0).length).toBeGreaterThan(1);
    // The per-batch MSE (scored after the batch trained) ends near the noise level 0.1² and never grows much.
    const mse = errors.map((b) => b.records[0]!.mse);
    expect(mse).toHaveLength(10);
    expect(mse.at(-1)!).toBeLessThan(0.02);
    expect(mse.at(-1)!).toBeLessThan(mse[0]!);
  });

  it("predictOn and predictOnValues score with the model trained on the same batch", async () => {
    const model = new StreamingLinearRegressionWithSGD()
      .setInitialWeights([0])
      .setStepSize(0.1)
      .setNumIterations(3);
    const { ssc, clock } = await manualContext();
    const train = ssc.queueStream([
      [new LabeledPoint(2, [1]), new LabeledPoint(4, [2]), new LabeledPoint(6, [3])],
    ]);
    model.trainOn(train);
    const preds = collectOutput(model.predictOn(train.map((p) => p.features)));
    const pairs = collectOutput(
      model.predictOnValues(train.map((p) => [p.label, p.features] as [number, Float64Array])),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    const w = 1.4778729;
    preds[0]!.records.forEach((p, i) => expect(p).toBeCloseTo(w * (i + 1), 5));
    expect(pairs[0]!.records.map(([label]) => label)).toEqual([2, 4, 6]);
    expect(pairs[0]!.records[2]![1]).toBeCloseTo(3 * w, 5);
  });

  it("reads setters at every batch: setNumIterations(0) mid-stream freezes the weights from the next batch", async () => {
    const model = new StreamingLinearRegressionWithSGD().setInitialWeights([0, 0]).setStepSize(0.5);
    const { ssc, clock } = await manualContext();
    model.trainOn(ssc.queueStream([linearInput(0, [1, 2], 50, 1), linearInput(0, [1, 2], 50, 2)]));
    ssc.start();
    await clock.advance(Seconds(1));
    const after1 = Array.from(model.latestModel().weights);
    expect(after1[0]).not.toBe(0);
    model.setNumIterations(0);
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(Array.from(model.latestModel().weights)).toEqual(after1);
  });

  it("skips empty batches (MLlib trains only non-empty RDDs) and reports them with count 0", async () => {
    const model = new StreamingLinearRegressionWithSGD().setInitialWeights([1]);
    const { ssc, clock } = await manualContext();
    const stream = ssc.queueStream<LabeledPoint>([[], []]);
    model.trainOn(stream);
    const summaries = collectOutput(model.trainingSummaries());
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(Array.from(model.latestModel().weights)).toEqual([1]);
    expect(summaries.map((s) => s.records[0])).toEqual([
      { timeMs: 1000, count: 0, dropped: 0, loss: null },
      { timeMs: 2000, count: 0, dropped: 0, loss: null },
    ]);
  });

  it("trains on text lines in MLlib's LabeledPoint form", async () => {
    const model = new StreamingLinearRegressionWithSGD(0.1, 3).setInitialWeights([0]);
    const { ssc, clock } = await manualContext();
    model.trainOn(ssc.queueStream([["(2.0,[1.0])", "(4.0,[2.0])", "(6.0,[3.0])"]]));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(model.latestModel().weights[0]).toBeCloseTo(1.4778729, 6);
  });

  it("learns offline, then scores the stream: a model from LinearRegressionWithSGD.train seeds the streaming one", async () => {
    const { sc, ssc, clock } = await manualContext();
    const offline = await LinearRegressionWithSGD.train(
      sc.parallelize(linearInput(0, [3, -1], 500, 8), 2),
      100,
      1.0,
    );
    expect(offline.weights[0]).toBeCloseTo(3, 1);
    const model = new StreamingLinearRegressionWithSGD().setInitialModel(offline);
    const test = linearInput(0, [3, -1], 50, 99);
    const preds = collectOutput(
      model.predictOnValues(
        ssc.queueStream([test.map((p) => [p.label, p.features] as [number, Float64Array])]),
      ),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    const mse = preds[0]!.records.reduce((s, [y, p]) => s + (y - p) ** 2, 0) / 50;
    expect(mse).toBeLessThan(0.05);
    expect(model.latestModel()).toBeInstanceOf(LinearRegressionModel);
  });
});

// More than two blocks of the Gram kernel and a partial last one.
const N = 2 * BLOCK_ROWS + 37;

describe("StreamingLinearRegressionWithSGD on a large batch with one bad point in the middle", () => {
  const points = linearInput(0, [3, -2, 0.5], N, 7);
  const at = BLOCK_ROWS + 5;
  const withNaN = [...points];
  withNaN[at] = new LabeledPoint(1, [1, Number.NaN, 3]);
  const clean = points.filter((_, i) => i !== at);

  async function train(batch: LabeledPoint[], onInvalid: "error" | "drop") {
    const model = new StreamingLinearRegressionWithSGD(0.5, 20)
      .setInitialWeights([0, 0, 0])
      .setOnInvalid(onInvalid);
    const failures = await trainOnBatches(model, [batch]);
    return { weights: Array.from(model.latestModel().weights), failures, history: model.droppedHistory() };
  }

  it('"error": the batch fails naming the record, the weights stay as they were', async () => {
    const { weights, failures, history } = await train(withNaN, "error");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/NaN at index 1/);
    expect(weights).toEqual([0, 0, 0]);
    expect(history).toEqual([]);
  });

  it('"drop": the same weights as training on the batch without the point, and the drop counted', async () => {
    const dropped = await train(withNaN, "drop");
    const reference = await train(clean, "drop");
    expect(dropped.failures).toEqual([]);
    expect(dropped.weights).toEqual(reference.weights);
    expect(dropped.weights[0]).toBeGreaterThan(1); // it trained, towards 3
    expect(dropped.history).toEqual([expect.objectContaining({ dropped: 1, byReason: { nonFinite: 1 } })]);
    expect(reference.history).toEqual([]);
  });
});
