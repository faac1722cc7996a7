import { describe, expect, it } from "vitest";
import { compareValues } from "../../../engine/util/compare";

describe("compareValues", () => {
  it("orders numbers numerically, not as strings", () => {
    expect([10, 9, 100, -1, 2.5].sort(compareValues)).toEqual([-1, 2.5, 9, 10, 100]);
  });

  it("orders strings by code unit and booleans false first", () => {
    expect(["b", "B", "a", "ab"].sort(compareValues)).toEqual(["B", "a", "ab", "b"]);
    expect([true, false].sort(compareValues)).toEqual([false, true]);
  });

  it("orders bigints numerically", () => {
    expect([10n, 9n, 100n].sort(compareValues)).toEqual([9n, 10n, 100n]);
  });

  it("orders tuples element by element, a shorter prefix first", () => {
    expect([["b", 1], ["a", 10], ["a", 9], ["a"]].sort(compareValues)).toEqual([
      ["a"],
      ["a", 9],
      ["a", 10],
      ["b", 1],
    ]);
  });

  it("puts undefined and null first and NaN last among numbers", () => {
    expect([3, undefined, 1].sort(compareValues)).toEqual([1, 3, undefined]); // Array.sort moves undefined last
    expect(compareValues(undefined, 1)).toBeLessThan(0);
    expect(compareValues(null, "a")).toBeLessThan(0);
    expect(compareValues(null, undefined)).toBe(0);
    expect([Number.NaN, 1, -1].sort(compareValues)).toEqual([-1, 1, Number.NaN]);
    expect(compareValues(Number.NaN, Number.NaN)).toBe(0);
  });
});
