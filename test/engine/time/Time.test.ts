import { describe, expect, it } from "vitest";
import { Seconds, Time } from "../../../engine";

describe("Time", () => {
  it("moves by durations and measures the span since an earlier time", () => {
    const t = new Time(2000);
    expect(t.plus(Seconds(1)).milliseconds).toBe(3000);
    expect(t.minus(Seconds(1)).milliseconds).toBe(1000);
    expect(t.since(new Time(500)).milliseconds).toBe(1500);
  });

  it("floors to the batch grid, relative to a zero time", () => {
    expect(new Time(3500).floor(Seconds(1)).milliseconds).toBe(3000);
    expect(new Time(3500).floor(Seconds(2), new Time(1000)).milliseconds).toBe(3000);
    expect(new Time(3000).floor(Seconds(2), new Time(1000)).milliseconds).toBe(3000);
    expect(new Time(2999).floor(Seconds(2), new Time(1000)).milliseconds).toBe(1000);
  });

  it("lists the times from one to another in steps, inclusive", () => {
    expect(new Time(1000).to(new Time(3000), Seconds(1)).map((t) => t.milliseconds)).toEqual([
      1000, 2000, 3000,
    ]);
  });

  it("compares by value", () => {
    expect(new Time(1000).equals(new Time(1000))).toBe(true);
    expect(new Time(1000).lessThan(new Time(2000))).toBe(true);
    expect(new Time(2000).lessOrEqual(new Time(2000))).toBe(true);
    expect(new Time(2000).greaterThan(new Time(1000))).toBe(true);
    expect(new Time(3000).isMultipleOf(Seconds(1))).toBe(true);
    expect(String(new Time(1000))).toBe("1000 ms");
  });
});
