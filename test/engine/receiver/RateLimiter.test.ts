import { describe, expect, it } from "vitest";
import { ManualClock, Milliseconds } from "../../../engine";
import { RateLimiter } from "../../../engine/receiver/RateLimiter";

describe("RateLimiter (permits on the context's clock, a budget per batch interval)", () => {
  it("lets everything through without a rate", () => {
    const limiter = new RateLimiter(new ManualClock(), undefined);
    expect(limiter.take(1_000_000)).toBe(1_000_000);
    expect(limiter.takeBlock(1_000_000)).toBe(true);
    expect(limiter.msUntil(5)).toBe(0);
  });

  it("admits exactly rate × elapsed, carrying fractions over", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 30);
    expect(limiter.take(100)).toBe(0);
    let admitted = 0;
    for (let i = 0; i < 200; i++) {
      await clock.advance(Milliseconds(5));
      admitted += limiter.take(100);
    }
    expect(admitted).toBe(30); // 1 s at 30/s, in 200 steps of 5 ms each worth 0.15 of a permit
  });

  it("lets a receiver that could not read catch up within the interval, but not carry into the next", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 1000);
    await clock.advance(Milliseconds(700)); // the thread was busy: nothing read for 700 ms
    expect(limiter.take(1_000_000)).toBe(700);
    await clock.advance(Milliseconds(300));
    limiter.newInterval(1000); // a batch boundary: what was not used is gone
    await clock.advance(Milliseconds(100));
    expect(limiter.take(1_000_000)).toBe(100);
  });

  it("drops unused permits at a boundary even when nothing was read in the whole interval", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 10);
    await clock.advance(Milliseconds(10_000)); // idle for 10 s
    limiter.newInterval(10_000);
    expect(limiter.take(1_000_000)).toBe(0); // not 100: an idle source cannot save up a flood
  });

  it("says how long until the next records may go", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 10);
    expect(limiter.msUntil(1)).toBe(100);
    await clock.advance(Milliseconds(40));
    limiter.take(1);
    expect(limiter.msUntil(1)).toBeCloseTo(60);
  });

  it("admits a block whole once the burst is there, and the debt holds back what follows", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 100, 0.02); // burst 2
    await clock.advance(Milliseconds(20));
    expect(limiter.takeBlock(10)).toBe(true); // 2 permits there, 8 owed
    await clock.advance(Milliseconds(70));
    expect(limiter.take(5)).toBe(0); // 7 repaid, still 1 in debt
    limiter.newInterval(90); // a debt carries over a boundary
    await clock.advance(Milliseconds(20));
    expect(limiter.take(5)).toBe(1);
  });

  it("counts permits accrued before a rate change at the old rate", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, 10);
    await clock.advance(Milliseconds(500)); // 5 permits at 10/s
    limiter.setRate(1000);
    await clock.advance(Milliseconds(10)); // +10 at 1000/s
    expect(limiter.take(100)).toBe(15);
    expect(limiter.rate).toBe(1000);
  });
});
