import { describe, expect, it } from "vitest";
import { BatchContext, ManualClock, Milliseconds, Seconds, StreamingContext, Time } from "../../../engine";
import { collectOutput } from "../../helpers/testStreams";

async function batchTimes(
  startMs: number,
  batch: ReturnType<typeof Seconds>,
  advance: ReturnType<typeof Seconds>,
) {
  await StreamingContext.getActive()?.stop();
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext(new BatchContext(), batch, { clock });
  const input = ssc.queueStream<number>([]);
  const out = collectOutput(input);
  ssc.start();
  const zero = input.zeroTime!.milliseconds;
  await clock.advance(advance);
  await ssc.stop();
  return { zero, times: out.map((b) => b.time), last: ssc.scheduler.lastGeneratedTime?.milliseconds };
}

describe("JobGenerator", () => {
  it("makes batches at multiples of the batch interval, the first one interval after zero time", async () => {
    const r = await batchTimes(0, Seconds(1), Seconds(3));
    expect(r.zero).toBe(0);
    expect(r.times).toEqual([1000, 2000, 3000]);
    expect(r.last).toBe(3000);
  });

  it("starts at the next multiple of the interval when the clock is between multiples", async () => {
    const r = await batchTimes(2500, Seconds(1), Seconds(3));
    expect(r.zero).toBe(2000);
    expect(r.times).toEqual([3000, 4000, 5000]);
  });

  it("starts one full interval later when the clock is exactly on a multiple", async () => {
    const r = await batchTimes(3000, Seconds(1), Seconds(2));
    expect(r.zero).toBe(3000);
    expect(r.times).toEqual([4000, 5000]);
  });

  it("keeps to its own interval's grid (500 ms from 1200 ms)", async () => {
    const r = await batchTimes(1200, Milliseconds(500), Seconds(2));
    expect(r.zero).toBe(1000);
    expect(r.times).toEqual([1500, 2000, 2500, 3000]);
  });

  it("makes no batch before the clock reaches the first batch time", async () => {
    const r = await batchTimes(0, Seconds(2), Milliseconds(1999));
    expect(r.times).toEqual([]);
  });
});

/**
 * A context told to restart as getOrCreate would after reading a checkpoint (zero time, checkpoint
 * time, pending batches), over an input that records which batch times ran.
 */
async function restarted(clockMs: number, plan: { zero: number; checkpoint: number; pending?: number[] }) {
  await StreamingContext.getActive()?.stop();
  const clock = new ManualClock(clockMs);
  const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock });
  const out = collectOutput(ssc.generatorStream((t, index) => [[t.milliseconds, index]]));
  ssc.prepareRestart(
    {
      zeroTime: new Time(plan.zero),
      checkpointTime: new Time(plan.checkpoint),
      pendingTimes: (plan.pending ?? []).map((t) => new Time(t)),
    },
    "checkpoint-test",
  );
  ssc.start();
  const times = () => out.map((b) => b.time);
  return {
    ssc,
    clock,
    times,
    records: () => out.map((b) => b.records),
    replayed: () => ssc.scheduler.replayedTimes.map((t) => t.milliseconds),
  };
}

describe("JobGenerator after a recovery", () => {
  it("first re-runs the pending and down-time batches, at once and in order, then keeps to the schedule", async () => {
    const r = await restarted(8500, { zero: 0, checkpoint: 5000, pending: [6000] });
    expect(r.replayed()).toEqual([6000, 7000, 8000]);
    await r.clock.advance(Seconds(0));
    expect(r.times()).toEqual([6000, 7000, 8000]);
    await r.clock.advance(Seconds(2));
    await r.ssc.stop();
    expect(r.times()).toEqual([6000, 7000, 8000, 9000, 10000]);
  });

  it("keeps the checkpoint's zero time, so batch times stay on the old grid", async () => {
    const r = await restarted(5000, { zero: 300, checkpoint: 2300 });
    await r.clock.advance(Seconds(1));
    await r.ssc.stop();
    expect(r.times()).toEqual([3300, 4300, 5300]);
    expect(r.ssc.graph.zeroTime!.milliseconds).toBe(300);
    // The generator's batch index counts from the old zero time too: 3300 is the third batch.
    expect(r.records()[0]).toEqual([[3300, 2]]);
  });

  it("a batch exactly at the restart time is down time: it runs at once", async () => {
    const r = await restarted(7000, { zero: 0, checkpoint: 5000 });
    expect(r.replayed()).toEqual([6000, 7000]);
    await r.ssc.stop();
  });

  it("with the clock behind the checkpoint, pending batches run on schedule and nothing finished runs again", async () => {
    const r = await restarted(0, { zero: 0, checkpoint: 5000, pending: [6000, 7000] });
    expect(r.replayed()).toEqual([]);
    await r.clock.advance(Seconds(7));
    await r.ssc.stop();
    expect(r.times()).toEqual([6000, 7000]);
  });

  it("stopping before the re-run batches ran cancels them", async () => {
    const r = await restarted(8500, { zero: 0, checkpoint: 5000 });
    await r.ssc.stop();
    await r.clock.advance(Seconds(2));
    expect(r.times()).toEqual([]);
  });
});
