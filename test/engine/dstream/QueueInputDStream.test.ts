import { describe, expect, it } from "vitest";
import { type RDD, Seconds } from "../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../helpers/testStreams";

describe("queueStream", () => {
  it("takes one queued batch per interval by default, then gives empty batches", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(ssc.queueStream([["a"], ["b", "c"]]));
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out).toEqual([
      { time: 1000, records: ["a"] },
      { time: 2000, records: ["b", "c"] },
      { time: 3000, records: [] },
    ]);
  });

  it("with oneAtATime false, takes everything queued so far as one batch", async () => {
    const { ssc, clock } = await manualContext();
    const q: string[][] = [["a"], ["b", "c"]];
    const out = collectOutput(ssc.queueStream(q, false));
    ssc.start();
    await clock.advance(Seconds(1));
    q.push(["d"], ["e"]);
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([["a", "b", "c"], ["d", "e"], []]);
    expect(q).toEqual([]);
  });

  it("fills intervals with nothing queued with the defaultRDD", async () => {
    const { sc, ssc, clock } = await manualContext();
    const out = collectOutput(ssc.queueStream([["x"]], true, sc.parallelize(["default"])));
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([["x"], ["default"], ["default"]]);
  });

  it("picks up batches pushed to the queue after start, in the interval they were pushed in", async () => {
    const { ssc, clock } = await manualContext();
    const q: number[][] = [];
    const out = collectOutput(ssc.queueStream(q));
    ssc.start();
    await clock.advance(Seconds(1));
    q.push([1, 2]);
    await clock.advance(Seconds(1));
    await clock.advance(Seconds(1));
    q.push([3], [4]);
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(out).toEqual([
      { time: 1000, records: [] },
      { time: 2000, records: [1, 2] },
      { time: 3000, records: [] },
      { time: 4000, records: [3] },
      { time: 5000, records: [4] },
    ]);
  });

  it("takes queued RDDs as they are, and unions them when several are taken at once", async () => {
    const { sc, ssc, clock } = await manualContext();
    const q: Array<number[] | RDD<number>> = [sc.parallelize([1, 2], 1), [3], sc.parallelize([4], 3)];
    const parts: number[] = [];
    const out = collectOutput(ssc.queueStream(q));
    ssc.queueStream([sc.parallelize([7, 8], 1), sc.parallelize([9], 3)], false).foreachRDD((rdd) => {
      parts.push(rdd.getNumPartitions());
    });
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([[1, 2], [3], [4]]);
    expect(parts).toEqual([4, 0, 0]);
  });

  it("reports the number of records of queued arrays to the batch info", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([["a", "b", "c"], [], ["d"]]).foreachRDD(() => {});
    ssc.queueStream([[1, 2]], false).foreachRDD(() => {});
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(4));
    await ssc.stop();
    expect(infos.map((i) => i.numRecords)).toEqual([5, 0, 1, 0]);
  });
});
