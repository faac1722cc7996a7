import { describe, expect, it } from "vitest";
import { BatchContext, ManualClock, Milliseconds, Seconds, StreamingContext } from "../../../engine";
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
