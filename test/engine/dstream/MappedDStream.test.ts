import { describe, expect, it } from "vitest";
import { Seconds } from "../../../engine";
import { manualContext, runOperation } from "../../helpers/testStreams";

describe("map", () => {
  it("maps every record of every batch, and leaves empty batches empty", async () => {
    const out = await runOperation([[1, 2], [], [3]], (s) => s.map((x) => x * 10));
    expect(out).toEqual([[10, 20], [], [30]]);
  });

  it("keeps the order of records and the partitioning of each batch", async () => {
    const { ssc, clock } = await manualContext();
    const parts: number[][][] = [];
    ssc
      .queueStream([[1, 2, 3, 4]])
      .map((x) => `n${x}`)
      .glom()
      .foreachRDD((rdd) => {
        parts.push(rdd.collect() as any);
      });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(parts).toEqual([
      [
        ["n1", "n2"],
        ["n3", "n4"],
      ],
    ]);
  });

  it("can change the record type (strings to pairs)", async () => {
    const out = await runOperation([["a", "bb"]], (s) => s.map((w) => [w, w.length] as [string, number]));
    expect(out).toEqual([
      [
        ["a", 1],
        ["bb", 2],
      ],
    ]);
  });
});
