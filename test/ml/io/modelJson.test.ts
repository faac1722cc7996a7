import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import {
  KMeansModel,
  LinearRegressionModel,
  LogisticRegressionModel,
  loadModel,
  MODEL_FORMAT_VERSION,
  ModelFormatError,
  ready,
  StreamingKMeans,
  StreamingKMeansModel,
  StreamingLinearRegressionWithSGD,
} from "../../../ml";
import { collectOutput, manualContext, tempDir } from "../../helpers/testStreams";

beforeAll(() => ready());

describe("model save/load (JSON with a version field)", () => {
  it("round-trips every model type, each through its own load and through loadModel", () => {
    const dir = tempDir("ml-models-");
    const models = [
      new LinearRegressionModel([1.5, -2], 0.25),
      new LogisticRegressionModel([3], 0).setThreshold(0.7),
      new KMeansModel([
        [0, 1],
        [2, 3],
      ]),
      new StreamingKMeansModel([[0], [5]], [2.5, 7]),
    ];
    for (const m of models) {
      const file = path.join(dir, `${m.constructor.name}.json`);
      m.save(file);
      const json = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(json.version).toBe(MODEL_FORMAT_VERSION);
      expect(json.type).toBe(m.constructor.name);
      const again = loadModel(file);
      expect(again.constructor).toBe(m.constructor);
      expect(again.toJSON()).toEqual(m.toJSON());
    }
    expect(LogisticRegressionModel.load(path.join(dir, "LogisticRegressionModel.json")).threshold).toBe(0.7);
    expect(StreamingKMeansModel.load(path.join(dir, "StreamingKMeansModel.json")).clusterWeights[1]).toBe(7);
  });

  it("a streaming model saved after training scores another stream after loading (another notebook)", async () => {
    const file = path.join(tempDir("ml-models-"), "km.json");
    const km = new StreamingKMeans().setK(2).setInitialCenters([[0], [10]], [0, 0]);
    {
      const { ssc, clock } = await manualContext();
      km.trainOn(ssc.queueStream([[[1], [2], [9], [11]]]));
      ssc.start();
      await clock.advance(Seconds(1));
      await ssc.stop();
      km.latestModel().save(file);
    }
    const loaded = StreamingKMeansModel.load(file);
    const scorer = new StreamingKMeans().setInitialModel(loaded);
    const { ssc, clock } = await manualContext();
    const out = collectOutput(scorer.predictOn(ssc.queueStream([[[1.4], [9.9]]])));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out[0]!.records).toEqual([0, 1]);
    expect(Array.from(scorer.latestModel().clusterWeights)).toEqual([2, 2]);
    const lr = new StreamingLinearRegressionWithSGD().setInitialModel(new LinearRegressionModel([2], 1));
    expect(lr.latestModel().predict([3])).toBe(7);
  });

  it("refuses files that are not models, of another version, of another type, or with inconsistent shapes", () => {
    const dir = tempDir("ml-models-");
    const write = (name: string, content: unknown) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
      return f;
    };
    const base = { format: "dstream-lab/ml-model", version: 1 };
    expect(() => loadModel(write("a.json", "not json"))).toThrow(/is not JSON/);
    expect(() => loadModel(write("b.json", { weights: [1] }))).toThrow(/not a saved dstream-lab model/);
    expect(() => loadModel(write("c.json", { ...base, version: 2, type: "KMeansModel" }))).toThrow(
      /format version 2; this version of dstream-lab reads version 1 only/,
    );
    expect(() =>
      KMeansModel.load(
        write("d.json", { ...base, type: "LinearRegressionModel", weights: [1], intercept: 0 }),
      ),
    ).toThrow(/holds a LinearRegressionModel, not a KMeansModel/);
    expect(() =>
      loadModel(
        write("e.json", {
          ...base,
          type: "StreamingKMeansModel",
          clusterCenters: [[0], [1]],
          clusterWeights: [1],
        }),
      ),
    ).toThrow(/1 values in "clusterWeights" where 2 are needed/);
    expect(() =>
      loadModel(write("f.json", { ...base, type: "KMeansModel", clusterCenters: [[0, 1], [1]] })),
    ).toThrow(/different lengths/);
    expect(() =>
      loadModel(
        write("g.json", { ...base, type: "LinearRegressionModel", weights: [1, null], intercept: 0 }),
      ),
    ).toThrow(/finite numbers/);
    expect(() => loadModel(path.join(dir, "missing.json"))).toThrow(ModelFormatError);
  });
});
