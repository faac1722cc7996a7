import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../engine";
import {
  type DroppedRecords,
  IllegalArgumentError,
  InvalidRecordError,
  LabeledPoint,
  LinearRegressionModel,
  ready,
  StreamingKMeans,
  StreamingLinearRegressionWithSGD,
  StreamingLogisticRegressionWithSGD,
} from "../../ml";
import { BatchValidator } from "../../ml/InvalidRecords";
import { collectOutput, manualContext } from "../helpers/testStreams";
import { batchFailures } from "./streams";

beforeAll(() => ready());

const good = [new LabeledPoint(2, [1, 0]), new LabeledPoint(4, [2, 0]), new LabeledPoint(6, [3, 0])];

/** Trains a fresh 2-feature regression on one batch; returns the model, failures and drop reports. */
async function trainOneBatch(
  batch: (LabeledPoint | string)[],
  onInvalid: "error" | "drop",
  logistic = false,
) {
  const model = logistic
    ? new StreamingLogisticRegressionWithSGD().setInitialWeights([0, 0]).setOnInvalid(onInvalid)
    : new StreamingLinearRegressionWithSGD(0.1, 3).setInitialWeights([0, 0]).setOnInvalid(onInvalid);
  const { ssc, clock } = await manualContext();
  const failures = batchFailures(ssc);
  const stream = ssc.queueStream([batch]);
  model.trainOn(stream);
  const dropped = collectOutput(model.droppedRecords());
  ssc.start();
  await clock.advance(Seconds(1));
  await ssc.stop();
  return { model, failures, dropped: dropped.map((b) => b.records[0]!) as DroppedRecords[] };
}

describe("bad input: a clear error, or dropped and counted — never a silently corrupted model", () => {
  const cases: [string, LabeledPoint | string, RegExp, string][] = [
    [
      "a vector of the wrong dimension",
      new LabeledPoint(1, [1, 2, 3]),
      /3 features but the model has 2/,
      "dimension",
    ],
    ["NaN in the features", new LabeledPoint(1, [Number.NaN, 1]), /NaN at index 0.*finite/, "nonFinite"],
    [
      "Infinity in the features",
      new LabeledPoint(1, [1, Number.POSITIVE_INFINITY]),
      /Infinity at index 1/,
      "nonFinite",
    ],
    ["a NaN label", new LabeledPoint(Number.NaN, [1, 1]), /label NaN/, "nonFinite"],
    ["an unparseable LabeledPoint line", "(1.0,[1,oops])", /Cannot parse "\(1\.0,\[1,oops\]\)"/, "parse"],
  ];

  for (const [what, record, message, reason] of cases) {
    it(`${what}: onInvalid "error" fails the batch with InvalidRecordError and leaves the weights as they were`, async () => {
      const { model, failures } = await trainOneBatch([...good, record], "error");
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(message);
      expect(failures[0]).toMatch(/setOnInvalid\("drop"\)/);
      expect(Array.from(model.latestModel().weights)).toEqual([0, 0]);
    });

    it(`${what}: onInvalid "drop" trains on the rest and counts the record under "${reason}"`, async () => {
      const { model, failures, dropped } = await trainOneBatch([...good, record], "drop");
      expect(failures).toEqual([]);
      expect(model.latestModel().weights[0]).toBeCloseTo(1.4778729, 5);
      expect(dropped).toEqual([
        expect.objectContaining({
          timeMs: 1000,
          operation: "trainOn",
          dropped: 1,
          byReason: { [reason]: 1 },
        }),
      ]);
    });
  }

  it("labels outside {0, 1} for logistic regression: error by default, dropped and counted on request", async () => {
    const batch = [new LabeledPoint(1, [1, 0]), new LabeledPoint(0, [-1, 0]), new LabeledPoint(2, [1, 1])];
    const strict = await trainOneBatch(batch, "error", true);
    expect(strict.failures[0]).toMatch(/label 2: logistic regression needs labels 0 or 1/);
    expect(Array.from(strict.model.latestModel().weights)).toEqual([0, 0]);
    const lenient = await trainOneBatch(batch, "drop", true);
    expect(lenient.failures).toEqual([]);
    expect(lenient.dropped[0]!.byReason).toEqual({ label: 1 });
    expect(lenient.model.latestModel().weights[0]).toBeGreaterThan(0);
  });

  it("a batch whose every record is dropped leaves the model unchanged and says how many were dropped", async () => {
    const { model, dropped } = await trainOneBatch(["junk", "(1,[NaN,1])"], "drop");
    expect(Array.from(model.latestModel().weights)).toEqual([0, 0]);
    expect(dropped[0]).toMatchObject({ dropped: 2, byReason: { parse: 1, nonFinite: 1 } });
  });

  it("the drop counter reports zero for clean batches (a record per batch, ready to plot)", async () => {
    const { dropped } = await trainOneBatch(good, "drop");
    expect(dropped).toEqual([{ timeMs: 1000, operation: "trainOn", dropped: 0, byReason: {} }]);
  });

  it("k-means: wrong dimension and NaN fail the batch, or are dropped and counted", async () => {
    for (const onInvalid of ["error", "drop"] as const) {
      const km = new StreamingKMeans()
        .setK(1)
        .setInitialCenters([[0, 0]], [0])
        .setOnInvalid(onInvalid);
      const { ssc, clock } = await manualContext();
      const failures = batchFailures(ssc);
      km.trainOn(ssc.queueStream<number[] | string>([[[1, 1], [3, 3], [1, 2, 3], [Number.NaN, 0], "[x]"]]));
      const dropped = collectOutput(km.droppedRecords());
      ssc.start();
      await clock.advance(Seconds(1));
      await ssc.stop();
      if (onInvalid === "error") {
        expect(failures[0]).toMatch(/3 features but the model has 2/);
        expect(Array.from(km.latestModel().clusterCenters[0]!)).toEqual([0, 0]);
        expect(km.latestModel().clusterWeights[0]).toBe(0);
      } else {
        expect(failures).toEqual([]);
        expect(Array.from(km.latestModel().clusterCenters[0]!)).toEqual([2, 2]);
        expect(dropped[0]!.records[0]).toMatchObject({
          dropped: 3,
          byReason: { dimension: 1, nonFinite: 1, parse: 1 },
        });
      }
    }
  });

  it("predictOn drops invalid vectors under 'drop' and records them in droppedHistory()", async () => {
    const model = new StreamingLinearRegressionWithSGD().setInitialWeights([1]).setOnInvalid("drop");
    const { ssc, clock } = await manualContext();
    const out = collectOutput(
      model.predictOn(ssc.queueStream<number[] | string>([[[2], [1, 1], "[3]", "nope"]])),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out[0]!.records).toEqual([2, 3]);
    expect(model.droppedHistory()).toEqual([
      expect.objectContaining({ operation: "predictOn", dropped: 2, byReason: { dimension: 1, parse: 1 } }),
    ]);
  });

  it("model.predict throws InvalidRecordError for a wrong dimension or NaN", () => {
    const m = new LinearRegressionModel([1, 2]);
    expect(() => m.predict([1])).toThrow(InvalidRecordError);
    expect(() => m.predict([1, Number.NaN])).toThrow(/finite/);
  });

  it("setOnInvalid accepts only 'error' or 'drop'", () => {
    expect(() => new StreamingKMeans().setOnInvalid("skip" as never)).toThrow(IllegalArgumentError);
    expect(() => new StreamingLinearRegressionWithSGD().setOnInvalid("skip" as never)).toThrow(
      /"error" or "drop"/,
    );
  });

  it("vectorRows and labeledRows pack the usable records row after row, a bad one partly copied leaving no trace", () => {
    const v = new BatchValidator(() => "drop");
    const { X, n } = v.vectorRows(
      [[1, 2], [3, Number.NaN], "[5,6]", Float32Array.of(7, 8), [9]],
      2,
      1000,
      "trainOn",
    );
    expect(n).toBe(3);
    expect(Array.from(X.subarray(0, n * 2))).toEqual([1, 2, 5, 6, 7, 8]);
    expect(v.droppedAt(1000, "trainOn").byReason).toEqual({ nonFinite: 1, dimension: 1 });
    const rows = v.labeledRows(
      [new LabeledPoint(1, [1, 2]), new LabeledPoint(2, [3, Number.POSITIVE_INFINITY]), "(3,[5,6])", "junk"],
      2,
      false,
      2000,
      "trainOn",
    );
    expect(rows.n).toBe(2);
    expect(Array.from(rows.X.subarray(0, 4))).toEqual([1, 2, 5, 6]);
    expect(Array.from(rows.y.subarray(0, 2))).toEqual([1, 3]);
    expect(v.droppedAt(2000, "trainOn").byReason).toEqual({ nonFinite: 1, parse: 1 });
    const strict = new BatchValidator(() => "error");
    expect(() => strict.labeledRows([new LabeledPoint(2, [1])], 2, false, 0, "trainOn")).toThrow(
      /has 1 features but the model has 2/,
    );
  });
});
