import { describe, expect, it } from "vitest";
import { BatchContext, readDataset } from "../../../engine";
import { NotTabularError } from "../../../kernel/display";

const dfd: typeof import("danfojs") = require("danfojs");
const sc = new BatchContext({ parallelism: 4 });

describe("DataFrames", () => {
  it("round-trips penguins: DataFrame → sc.fromDataFrame → RDD work → toDataFrame", () => {
    const penguins = readDataset("penguins.json");
    const df = new dfd.DataFrame(penguins);
    const rdd = sc.fromDataFrame(df, 3);
    expect(rdd.getNumPartitions()).toBe(3);
    expect(rdd.collect()).toEqual(penguins);
    const gentoo = rdd.filter((p) => p.Species === "Gentoo");
    expect(gentoo.count()).toBe(penguins.filter((p) => p.Species === "Gentoo").length);
    const back = gentoo.toDataFrame();
    expect(back.shape).toEqual([gentoo.count(), 7]);
    expect(back.columns).toEqual(df.columns);
    expect(dfd.toJSON(back)).toEqual(penguins.filter((p) => p.Species === "Gentoo"));
  });

  it("turns pairs into columns _1, _2 or the names given, e.g. per-island counts", () => {
    const rdd = sc
      .fromDataFrame(new dfd.DataFrame(readDataset("penguins.json")))
      .map((p) => [p.Island as string, 1] as [string, number])
      .reduceByKey((a, b) => a + b)
      .sortByKey();
    expect(rdd.toDataFrame().columns).toEqual(["_1", "_2"]);
    const df = rdd.toDataFrame({ columns: ["island", "penguins"] });
    expect(dfd.toJSON(df)).toEqual([
      { island: "Biscoe", penguins: 168 },
      { island: "Dream", penguins: 124 },
      { island: "Torgersen", penguins: 52 },
    ]);
  });

  it("fills fields missing from some objects with null", () => {
    const df = sc.parallelize([{ a: 1 }, { b: "x" }]).toDataFrame();
    expect(df.columns).toEqual(["a", "b"]);
    expect(df.values).toEqual([
      [1, null],
      [null, "x"],
    ]);
  });

  it("an RDD of primitives is a NotTabularError naming the record and the fix", () => {
    const rdd = sc.parallelize([1, 2, 3]);
    expect(() => rdd.toDataFrame()).toThrow(NotTabularError);
    expect(() => rdd.toDataFrame()).toThrow(/record 0 is 1.*rdd\.map\(\(x\) => \(\{ value: x \}\)\)/);
    expect(() => sc.parallelize<unknown>([{ a: 1 }, "b"]).toDataFrame()).toThrow(
      /record 1 is b, after objects/,
    );
    expect(() => sc.parallelize([[1, 2]]).toDataFrame({ columns: ["only"] })).toThrow(
      /2 fields but 1 column names/,
    );
  });

  it("sc.fromDataFrame of something else is a NotTabularError", () => {
    expect(() => sc.fromDataFrame([{ a: 1 }] as any)).toThrow(NotTabularError);
    expect(() => sc.fromDataFrame([{ a: 1 }] as any)).toThrow(/use sc\.parallelize\(rows\)/);
  });
});
