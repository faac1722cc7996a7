import { describe, expect, it } from "vitest";
import { IllegalStateError, Seconds, Time } from "../../../engine";
import { manualContext } from "../../helpers/testStreams";

describe("slice", () => {
  it("returns the remembered RDDs between two times, inclusive (ssc.remember keeps them)", async () => {
    const { ssc, clock } = await manualContext();
    ssc.remember(Seconds(10));
    const doubled = ssc.queueStream([[1], [2], [3], [4]]).map((x) => x * 10);
    doubled.foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(4));
    expect(doubled.slice(new Time(2000), new Time(3000)).map((r) => r.collect())).toEqual([[20], [30]]);
    expect(doubled.slice(new Time(1000), new Time(4000)).map((r) => r.collect())).toEqual([
      [10],
      [20],
      [30],
      [40],
    ]);
    await ssc.stop();
  });

  it("aligns unaligned times down to batch times", async () => {
    const { ssc, clock } = await manualContext();
    ssc.remember(Seconds(10));
    const s = ssc.queueStream([["a"], ["b"], ["c"]]);
    s.foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(3));
    expect(s.slice(new Time(1500), new Time(2999)).map((r) => r.collect())).toEqual([["a"], ["b"]]);
    // Times at or before zero time have no batch.
    expect(s.slice(new Time(0), new Time(1000)).map((r) => r.collect())).toEqual([["a"]]);
    await ssc.stop();
  });

  it("keeps each RDD exactly as it was (the same object, not a recomputation)", async () => {
    const { ssc, clock } = await manualContext();
    ssc.remember(Seconds(5));
    const s = ssc.queueStream([[1], [2]]);
    const seen = new Map<number, unknown>();
    s.foreachRDD((rdd, t) => {
      seen.set(t.milliseconds, rdd);
    });
    ssc.start();
    await clock.advance(Seconds(2));
    const [first, second] = s.slice(new Time(1000), new Time(2000));
    expect(first).toBe(seen.get(1000));
    expect(second).toBe(seen.get(2000));
    await ssc.stop();
  });

  it("throws IllegalStateError before the context has started", async () => {
    const { ssc } = await manualContext();
    const s = ssc.queueStream<number>([]);
    expect(() => s.slice(new Time(0), new Time(1000))).toThrow(IllegalStateError);
    expect(() => s.slice(new Time(0), new Time(1000))).toThrow(/Fix: call it after ssc.start/);
  });
});
