import { describe, expect, it } from "vitest";
import { Duration, InvalidDurationError, Milliseconds, Minutes, Seconds } from "../../../engine";

describe("Duration", () => {
  it("builds from Milliseconds, Seconds and Minutes", () => {
    expect(Milliseconds(1500).milliseconds).toBe(1500);
    expect(Seconds(2).milliseconds).toBe(2000);
    expect(Minutes(1).milliseconds).toBe(60_000);
    expect(Seconds(0.25).milliseconds).toBe(250);
  });

  it("accepts fractional seconds and minutes that are whole milliseconds despite float rounding", () => {
    // 1.005 * 1000 is 1004.9999999999999 in floating point.
    expect(Seconds(1.005).milliseconds).toBe(1005);
    expect(Seconds(0.001).milliseconds).toBe(1);
    expect(Seconds(4.35).milliseconds).toBe(4350);
    expect(Minutes(0.1).milliseconds).toBe(6000);
    expect(Minutes(1.0005).milliseconds).toBe(60_030);
  });

  it.each([
    ["Seconds(-1)", () => Seconds(-1)],
    ["Milliseconds(-5)", () => Milliseconds(-5)],
    ["Milliseconds(1.5)", () => Milliseconds(1.5)],
    ["Seconds(0.0015)", () => Seconds(0.0015)],
    ["Milliseconds(NaN)", () => Milliseconds(Number.NaN)],
    ["Seconds(Infinity)", () => Seconds(Number.POSITIVE_INFINITY)],
  ])("%s is an InvalidDurationError naming the fix", (_name, make) => {
    expect(make).toThrow(InvalidDurationError);
    expect(make).toThrow(
      /whole, non-negative number of milliseconds.*Fix: use Milliseconds\(n\), Seconds\(n\) or Minutes\(n\)/,
    );
  });

  it("does arithmetic and comparisons as values", () => {
    const d = Seconds(3);
    expect(d.plus(Seconds(1)).equals(Seconds(4))).toBe(true);
    expect(d.minus(Seconds(1)).equals(Milliseconds(2000))).toBe(true);
    expect(d.times(2).milliseconds).toBe(6000);
    expect(d.div(Seconds(1))).toBe(3);
    expect(d.isMultipleOf(Seconds(1))).toBe(true);
    expect(d.isMultipleOf(Seconds(2))).toBe(false);
    expect(d.isMultipleOf(Seconds(0))).toBe(false);
    expect(Seconds(0).isZero()).toBe(true);
    expect(d.lessThan(Seconds(4))).toBe(true);
    expect(d.greaterThan(Seconds(4))).toBe(false);
    expect(d.max(Seconds(5)).milliseconds).toBe(5000);
    expect(String(d)).toBe("3000 ms");
  });

  it("cannot go negative through subtraction", () => {
    expect(() => Seconds(1).minus(Seconds(2))).toThrow(InvalidDurationError);
  });

  it("is a class, so instanceof tells a Duration from a number", () => {
    expect(Seconds(1)).toBeInstanceOf(Duration);
  });
});
