import { describe, expect, it } from "vitest";
import { fusedPairStep, pairWriterSource } from "../../../engine/executor/pairStep";
import { reviveFunction } from "../../../engine/executor/reviveFunction";

describe("pairWriterSource: a map step returning a pair literal, rewritten to hand key and value over", () => {
  it("rewrites arrow functions whose body is a two-element array literal", () => {
    expect(pairWriterSource("(w) => [w, 1]")).toBe(
      "(__dstreamLabWritePair) => (w) => __dstreamLabWritePair((w), (1))",
    );
    expect(pairWriterSource("w=>[w.slice(0, 2),w.length]")).toBe(
      "(__dstreamLabWritePair) => w=>__dstreamLabWritePair((w.slice(0, 2)), (w.length))",
    );
    expect(pairWriterSource("([k, v]) => ([v, k])")).toBe(
      "(__dstreamLabWritePair) => ([k, v]) => (__dstreamLabWritePair((v), (k)))",
    );
  });

  it("leaves everything else alone", () => {
    for (const source of [
      "(w) => { return [w, 1]; }", // a block body
      "(w) => [w]",
      "(w) => [w, 1, 2]",
      "(w) => [...w]",
      "(w) => [w, ...w]",
      "(w) => [, w]",
      "async (w) => [w, 1]",
      "function (w) { return [w, 1]; }",
      "(w) => pair(w)",
      "(__dstreamLabWritePair) => [__dstreamLabWritePair, 1]",
    ]) {
      expect(pairWriterSource(source), source).toBeUndefined();
    }
  });

  it("evaluates the same expressions in the same order, with the same captured values", () => {
    const calls: unknown[][] = [];
    const cache = new Map();
    const step = fusedPairStep(
      {
        kind: "map",
        fn: {
          source: "(w) => [(log.push('k'), w + suffix), (log.push('v'), w.length)]",
          captured: { suffix: "!", log: [] },
        },
      },
      (k, v) => calls.push([k, v]),
      cache,
    )!;
    step("ab");
    expect(calls).toEqual([["ab!", 2]]);
    const original = reviveFunction(
      { source: "(w) => [w + suffix, w.length]", captured: { suffix: "!" } },
      cache,
    );
    expect(original("ab")).toEqual(calls[0]);
    expect(
      fusedPairStep({ kind: "filter", fn: { source: "(w) => true", captured: {} } }, () => {}, cache),
    ).toBeUndefined();
  });
});
