import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("flatMapValues", () => {
  it("expands each value into zero or more values under the same key (BasicOperationsSuite)", async () => {
    const input: [string, number][][] = [
      [
        ["a", 2],
        ["b", 0],
      ],
      [["c", 1]],
    ];
    const out = await runOperation(input, (s) =>
      s.flatMapValues((v) => Array.from({ length: v }, (_, i) => v * 10 + i)),
    );
    expect(out).toEqual([
      [
        ["a", 20],
        ["a", 21],
      ],
      [["c", 10]],
    ]);
  });

  it("splits comma-separated values", async () => {
    const input: [string, string][][] = [[["k", "x,y"]]];
    const out = await runOperation(input, (s) => s.flatMapValues((v) => v.split(",")));
    expect(out).toEqual([
      [
        ["k", "x"],
        ["k", "y"],
      ],
    ]);
  });
});
