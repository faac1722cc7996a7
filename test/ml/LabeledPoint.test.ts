import { describe, expect, it } from "vitest";
import { LabeledPoint, LabeledPointParseError, parseVector } from "../../ml";

describe("LabeledPoint", () => {
  it("prints MLlib's text form and parses it back", () => {
    const p = new LabeledPoint(1, [2.5, -1]);
    expect(p.toString()).toBe("(1.0,[2.5,-1.0])");
    const q = LabeledPoint.parse(p.toString());
    expect(q.label).toBe(1);
    expect(Array.from(q.features)).toEqual([2.5, -1]);
  });

  it("accepts arrays, Float64Array and Float32Array, and copies them", () => {
    const arr = [1, 2];
    const p = new LabeledPoint(0, arr);
    arr[0] = 99;
    expect(Array.from(p.features)).toEqual([1, 2]);
    expect(Array.from(new LabeledPoint(0, Float32Array.from([0.5])).features)).toEqual([0.5]);
    expect(new LabeledPoint(0, Float64Array.from([3])).features).toBeInstanceOf(Float64Array);
  });

  it("parses the sparse form (label,(size,[indices],[values])) and the legacy 'label,f1 f2'", () => {
    expect(Array.from(LabeledPoint.parse("(0.0,(4,[1,3],[2.0,5.0]))").features)).toEqual([0, 2, 0, 5]);
    const legacy = LabeledPoint.parse("1.5,1 2 3");
    expect(legacy.label).toBe(1.5);
    expect(Array.from(legacy.features)).toEqual([1, 2, 3]);
    expect(Array.from(LabeledPoint.parse(" ( 1 , [ 1e3 , -2 ] ) ").features)).toEqual([1000, -2]);
  });

  it("rejects unparseable lines with LabeledPointParseError showing the form", () => {
    for (const bad of [
      "",
      "(1.0,[a,b])",
      "(1.0,[1,2]",
      "hello",
      "(1.0,(2,[5],[1.0]))",
      "(,[1])",
      "(1.0,[1,,2])",
    ]) {
      expect(() => LabeledPoint.parse(bad), bad).toThrow(LabeledPointParseError);
      expect(LabeledPoint.parseOrNull(bad), bad).toBeNull();
    }
    expect(() => LabeledPoint.parse("oops")).toThrow(/\(label,\[f1,f2,\.\.\.\]\)/);
  });

  it("parseVector reads [f1,f2] and nothing else", () => {
    expect(Array.from(parseVector("[1, 2.5]")!)).toEqual([1, 2.5]);
    expect(parseVector("1,2")).toBeNull();
  });
});
