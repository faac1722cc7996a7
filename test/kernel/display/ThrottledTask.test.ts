import { describe, expect, it } from "vitest";
import { ThrottledTask, type ThrottleTimer } from "../../../kernel/display";
import { deferred, settle } from "../../helpers/testStreams";

/** A timer whose time moves only when the test says; sleeps end when it passes their end. */
class SteppedTimer implements ThrottleTimer {
  time = 0;
  private sleepers: { until: number; wake: () => void }[] = [];
  now(): number {
    return this.time;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  }
  async step(ms: number): Promise<void> {
    this.time += ms;
    for (const s of this.sleepers.filter((x) => x.until <= this.time)) s.wake();
    this.sleepers = this.sleepers.filter((x) => x.until > this.time);
    await settle();
  }
}

describe("ThrottledTask", () => {
  it("never runs inside request(), and coalesces requests made during a run into one more run", async () => {
    const gate = deferred();
    const seen: number[] = [];
    let state = 0;
    const task = new ThrottledTask(async () => {
      seen.push(state);
      if (seen.length === 1) await gate.promise;
    });
    state = 1;
    task.request();
    expect(task.runs).toBe(0);
    await settle();
    for (state = 2; state <= 9; state++) task.request();
    state = 9;
    gate.resolve();
    await task.idle();
    expect(seen).toEqual([1, 9]);
  });

  it("keeps minIntervalMs between run starts", async () => {
    const timer = new SteppedTimer();
    const starts: number[] = [];
    const task = new ThrottledTask(() => void starts.push(timer.now()), { minIntervalMs: 100, timer });
    task.request();
    await settle();
    task.request();
    await timer.step(40);
    task.request();
    await timer.step(40);
    expect(starts).toEqual([0]);
    await timer.step(20);
    expect(starts).toEqual([0, 100]);
    await task.idle();
  });

  it("spaces runs so they take at most maxBusyFraction of the time", async () => {
    const timer = new SteppedTimer();
    const starts: number[] = [];
    const task = new ThrottledTask(
      async () => {
        starts.push(timer.now());
        await timer.sleep(50); // a 50 ms render
      },
      { maxBusyFraction: 0.25, timer },
    );
    task.request();
    await settle();
    task.request();
    for (let i = 0; i < 10; i++) await timer.step(25);
    await task.idle();
    // 50 ms of work at most a quarter of the time: the second run starts 200 ms after the first.
    expect(starts).toEqual([0, 200]);
  });

  it("passes a failing run to onError and serves later requests; stop() ends it", async () => {
    const errors: unknown[] = [];
    let n = 0;
    const task = new ThrottledTask(
      () => {
        n++;
        if (n === 1) throw new Error("boom");
      },
      { onError: (e) => errors.push(e) },
    );
    task.request();
    await task.idle();
    task.request();
    await task.idle();
    expect(n).toBe(2);
    expect(errors).toHaveLength(1);
    task.stop();
    task.request();
    await task.idle();
    expect(n).toBe(2);
  });
});
