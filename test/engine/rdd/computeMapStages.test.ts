import { describe, expect, it } from "vitest";
import { ManualClock, Seconds, StreamingContext } from "../../../engine";
import { BatchContext } from "../../../engine/context/BatchContext";
import { computeMapStages } from "../../../engine/rdd/internal";
import { counting, sorted } from "./support";

const sc = new BatchContext({ appName: "map-stages", parallelism: 2 });
const words = ["a", "b", "a", "c", "a", "b", "d", "a"];

describe("computeMapStages", () => {
  it("runs the map side one partition per pause, so the action afterwards only reduces", async () => {
    const pair = counting((w: string) => [w, 1] as [string, number]);
    const counts = sc
      .parallelize(words, 4)
      .map(pair)
      .reduceByKey((x, y) => x + y, 2);
    const seenAtPause: number[] = [];
    await computeMapStages(counts, async () => {
      seenAtPause.push(pair.calls);
    });
    expect(seenAtPause).toEqual([2, 4, 6, 8]);
    expect(sorted(counts.collect())).toEqual([
      ["a", 4],
      ["b", 2],
      ["c", 1],
      ["d", 1],
    ]);
    expect(pair.calls).toBe(8);
  });

  it("runs earlier stages first and skips what is cached", async () => {
    const pair = counting((w: string) => [w, 1] as [string, number]);
    const counts = sc
      .parallelize(words, 2)
      .map(pair)
      .reduceByKey((x, y) => x + y, 2);
    const byCount = counts.map(([w, n]) => [n, w] as [number, string]).groupByKey(2);
    const pauses: number[] = [];
    await computeMapStages(byCount, async () => {
      pauses.push(pair.calls);
    });
    // Two map partitions of the first shuffle (all 8 words read by then), two of the second.
    expect(pauses).toEqual([4, 8, 8, 8]);

    const cached = counts.cache();
    cached.count();
    const again: number[] = [];
    await computeMapStages(cached.map(([w, n]) => [n, w] as [number, string]).groupByKey(2), async () => {
      again.push(pair.calls);
    });
    // The cached RDD's lineage is not run again (its map tasks may run on worker threads, with
    // no pause between them: each pause, if any, sees the 8 calls of the first job alone).
    expect(again.every((calls) => calls === 8)).toBe(true);
    expect(pair.calls).toBe(8);
  });

  it("leaves a failing map side to the action, which reports it", async () => {
    const counts = sc
      .parallelize(["ok", "bad"], 2)
      .map((w) => {
        if (w === "bad") throw new Error("cannot parse bad");
        return [w, 1] as [string, number];
      })
      .reduceByKey((x, y) => x + y);
    await expect(computeMapStages(counts, async () => {})).resolves.toBeUndefined();
    expect(() => counts.collect()).toThrow(/cannot parse bad/);
  });

  it("lets the event loop run between a batch's map partitions", async () => {
    const clock = new ManualClock();
    const ssc = new StreamingContext(sc, Seconds(1), { clock });
    const timeline: string[] = [];
    ssc
      .queueStream([words])
      .repartition(4)
      .map((w) => {
        timeline.push("map");
        return [w, 1] as [string, number];
      })
      .reduceByKey((x, y) => x + y)
      .foreachRDD((rdd) => {
        rdd.collect();
      });
    ssc.start();
    // Another task on the event loop: one tick per turn of the loop.
    let ticking = true;
    const tick = () => {
      timeline.push("tick");
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await clock.advance(Seconds(1));
    ticking = false;
    await ssc.stop();
    const maps = timeline.map((e, i) => (e === "map" ? i : -1)).filter((i) => i >= 0);
    const ticksAmidMaps = timeline.slice(maps[0], maps.at(-1)).filter((e) => e === "tick").length;
    expect(ticksAmidMaps).toBeGreaterThan(0);
  });
});
