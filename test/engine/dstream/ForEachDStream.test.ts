import { describe, expect, it } from "vitest";
import { Seconds, Time } from "../../../engine";
import { collectBatches, manualContext, settle } from "../../helpers/testStreams";

describe("foreachRDD", () => {
  it("receives each batch's RDD with the batch Time", async () => {
    const { ssc, clock } = await manualContext();
    const seen: [number, number[]][] = [];
    let timeIsTime = true;
    ssc.queueStream([[1], [2, 3]]).foreachRDD((rdd, time) => {
      timeIsTime &&= time instanceof Time;
      seen.push([time.milliseconds, rdd.collect()]);
    });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(timeIsTime).toBe(true);
    expect(seen).toEqual([
      [1000, [1]],
      [2000, [2, 3]],
    ]);
  });

  it("awaits an async function before the next output operation of the batch starts", async () => {
    const { ssc, clock } = await manualContext();
    const log: string[] = [];
    const s = ssc.queueStream([["x"], ["y"]]);
    s.foreachRDD(async (rdd, time) => {
      log.push(`slow start ${time.milliseconds}`);
      await settle(5);
      log.push(`slow end ${rdd.collect()}`);
    });
    s.foreachRDD((rdd) => {
      log.push(`fast ${rdd.collect()}`);
    });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(log).toEqual([
      "slow start 1000",
      "slow end x",
      "fast x",
      "slow start 2000",
      "slow end y",
      "fast y",
    ]);
  });

  it("counts as an output operation: a stream with only foreachRDD runs", async () => {
    const { ssc, clock } = await manualContext();
    let runs = 0;
    ssc.queueStream<number>([]).foreachRDD(() => {
      runs++;
    });
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(runs).toBe(3);
    expect(infos[0]!.outputOperationInfos.get(0)!.name).toBe("foreachRDD");
  });
});
