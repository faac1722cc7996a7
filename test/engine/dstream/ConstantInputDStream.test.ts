import { describe, expect, it } from "vitest";
import { ConstantInputDStream, Seconds } from "../../../engine";
import { collectOutput, manualContext } from "../../helpers/testStreams";

describe("ConstantInputDStream", () => {
  it("gives the same RDD at every batch", async () => {
    const { sc, ssc, clock } = await manualContext();
    const out = collectOutput(new ConstantInputDStream(ssc, sc.parallelize([1, 2, 3])).map((x) => x * 2));
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out).toEqual([
      { time: 1000, records: [2, 4, 6] },
      { time: 2000, records: [2, 4, 6] },
      { time: 3000, records: [2, 4, 6] },
    ]);
  });
});
