import { describe, expect, it } from "vitest";
import { InvalidDurationError, ManualClock, Milliseconds, Seconds } from "../../../engine";
import { deferred, settle } from "../../helpers/testStreams";

describe("ManualClock", () => {
  it("starts at the given time and moves only when told", async () => {
    const clock = new ManualClock(500);
    expect(clock.now()).toBe(500);
    await clock.advance(Seconds(1));
    expect(clock.now()).toBe(1500);
  });

  it("runs due tasks in time order (ties in scheduling order), each at its own time", async () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    const at = (name: string, t: number) => clock.schedule(t, () => ran.push(`${name}@${clock.now()}`));
    at("c", 3000);
    at("a", 1000);
    at("b1", 2000);
    at("b2", 2000);
    at("late", 9000);
    await clock.advance(Seconds(3));
    expect(ran).toEqual(["a@1000", "b1@2000", "b2@2000", "c@3000"]);
    expect(clock.now()).toBe(3000);
  });

  it("awaits each task's promise before running the next one and before resolving", async () => {
    const clock = new ManualClock();
    const log: string[] = [];
    clock.schedule(1000, async () => {
      log.push("first start");
      await settle(5);
      log.push("first end");
    });
    clock.schedule(2000, () => log.push("second"));
    await clock.advance(Seconds(2));
    expect(log).toEqual(["first start", "first end", "second"]);
  });

  it("runs tasks that due tasks schedule, when they fall within the same advance", async () => {
    const clock = new ManualClock();
    const ran: number[] = [];
    const tick = (t: number) =>
      clock.schedule(t, () => {
        ran.push(t);
        tick(t + 1000);
      });
    tick(1000);
    await clock.advance(Seconds(3));
    expect(ran).toEqual([1000, 2000, 3000]);
    await clock.advance(Milliseconds(999));
    expect(ran).toEqual([1000, 2000, 3000]);
    await clock.advance(Milliseconds(1));
    expect(ran).toEqual([1000, 2000, 3000, 4000]);
  });

  it("serializes concurrent advance calls: the second starts after the first has finished", async () => {
    const clock = new ManualClock();
    const gate = deferred();
    const log: string[] = [];
    clock.schedule(1000, async () => {
      log.push("1000 start");
      await gate.promise;
      log.push("1000 end");
    });
    clock.schedule(2000, () => log.push(`2000 at ${clock.now()}`));
    const first = clock.advance(Seconds(1)).then(() => log.push(`first done at ${clock.now()}`));
    const second = clock.advance(Seconds(1)).then(() => log.push(`second done at ${clock.now()}`));
    await settle();
    expect(log).toEqual(["1000 start"]);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual([
      "1000 start",
      "1000 end",
      "first done at 1000",
      "2000 at 2000",
      "second done at 2000",
    ]);
  });

  it("setTime moves forward, running due tasks, and never goes back", async () => {
    const clock = new ManualClock();
    const ran: number[] = [];
    clock.schedule(4000, () => ran.push(clock.now()));
    await clock.setTime(5000);
    expect(ran).toEqual([4000]);
    expect(clock.now()).toBe(5000);
    await clock.setTime(1000);
    expect(clock.now()).toBe(5000);
  });

  it("cancels a task that has not run", async () => {
    const clock = new ManualClock();
    let ran = false;
    const cancel = clock.schedule(1000, () => {
      ran = true;
    });
    cancel();
    await clock.advance(Seconds(2));
    expect(ran).toBe(false);
  });

  it("rejects the advance whose task throws, and keeps working afterwards", async () => {
    const clock = new ManualClock();
    const ran: number[] = [];
    clock.schedule(1000, () => {
      throw new Error("task failed");
    });
    clock.schedule(2000, () => ran.push(2000));
    await expect(clock.advance(Seconds(1))).rejects.toThrow("task failed");
    await clock.advance(Seconds(1));
    expect(ran).toEqual([2000]);
  });

  it("rejects a bare number or a non-finite time instead of running every task forever", () => {
    const clock = new ManualClock();
    clock.schedule(1000, () => {
      clock.schedule(2000, () => {});
    });
    expect(() => clock.advance(1000 as never)).toThrow(InvalidDurationError);
    expect(() => clock.advance(1000 as never)).toThrow(/must be a Duration.*Fix: wrap it/);
    expect(() => clock.setTime(Number.NaN)).toThrow(InvalidDurationError);
    expect(clock.now()).toBe(0);
  });
});
