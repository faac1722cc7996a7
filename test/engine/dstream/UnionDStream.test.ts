import { describe, expect, it } from "vitest";
import { IllegalArgumentError, Seconds } from "../../../engine";
import { collectOutput, manualContext, runBinaryOperation } from "../../helpers/testStreams";

describe("union", () => {
  it("merges the same batch of both streams (BasicOperationsSuite)", async () => {
    const out = await runBinaryOperation([[1, 2], [3], []], [[10], [], [30, 40]], (a, b) => a.union(b));
    expect(out).toEqual([[1, 2, 10], [3], [30, 40]]);
  });

  it("merges any number of streams, also through ssc.union", async () => {
    const { ssc, clock } = await manualContext();
    const a = ssc.queueStream([["a1"], ["a2"]]);
    const b = ssc.queueStream([["b1"], ["b2"]]);
    const c = ssc.queueStream([["c1"], []]);
    const viaMethod = collectOutput(a.union(b, c));
    const viaContext = collectOutput(ssc.union([c, b, a]));
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(viaMethod.map((b) => b.records)).toEqual([
      ["a1", "b1", "c1"],
      ["a2", "b2"],
    ]);
    expect(viaContext.map((b) => b.records.sort())).toEqual([
      ["a1", "b1", "c1"],
      ["a2", "b2"],
    ]);
  });

  it("a stream unioned with itself has each record twice", async () => {
    const { ssc, clock } = await manualContext();
    const s = ssc.queueStream([[1, 2]]);
    const out = collectOutput(s.union(s));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out[0]!.records).toEqual([1, 2, 1, 2]);
  });

  it("rejects streams with different slide durations, naming both and the fix", async () => {
    const { ssc } = await manualContext();
    const s = ssc.queueStream<number>([]);
    const slow = s.window(Seconds(2), Seconds(2));
    expect(() => s.union(slow)).toThrow(IllegalArgumentError);
    expect(() => s.union(slow)).toThrow(/same slide duration.*1000 ms.*2000 ms.*Fix: window them/);
  });

  it("rejects an empty list with a clear error instead of a TypeError", async () => {
    const { ssc } = await manualContext();
    expect(() => ssc.union([])).toThrow(IllegalArgumentError);
    expect(() => ssc.union([])).toThrow(/union: needs at least one stream.*Fix/);
  });

  it("rejects streams of different contexts", async () => {
    const { ssc } = await manualContext();
    const { ssc: other } = await manualContext();
    const a = ssc.queueStream<number>([]);
    const b = other.queueStream<number>([]);
    expect(() => a.union(b)).toThrow(/same StreamingContext/);
  });
});
