import { describe, expect, it } from "vitest";
import { isPlainData } from "../../../engine/executor/isPlainData";

describe("isPlainData", () => {
  it("accepts what a structured clone copies faithfully", () => {
    expect(isPlainData(["a", 1, 2n, true, null, undefined, -0, Number.NaN])).toBe(true);
    expect(isPlainData([["k", { n: [1, 2], d: new Date(0), r: /x/g }]])).toBe(true);
    expect(isPlainData(new Map([["a", new Set([1])]]))).toBe(true);
    expect(isPlainData(new Float64Array(3))).toBe(true);
  });

  it("rejects class instances, functions, symbols, Buffers, null-prototype objects and cycles", () => {
    class Point {
      x = 1;
    }
    expect(isPlainData([new Point()])).toBe(false);
    expect(isPlainData([() => 1])).toBe(false);
    expect(isPlainData([Symbol("s")])).toBe(false);
    expect(isPlainData(Buffer.from("ab"))).toBe(false);
    expect(isPlainData(Object.create(null))).toBe(false);
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(isPlainData(cycle)).toBe(false);
  });
});
