import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("flatMap", () => {
  it("splits each record into zero or more records, batch by batch (BasicOperationsSuite)", async () => {
    const input = [["a b", "c"], [""], ["d e f"]];
    const out = await runOperation(input, (s) => s.flatMap((l) => l.split(" ").filter((w) => w !== "")));
    expect(out).toEqual([["a", "b", "c"], [], ["d", "e", "f"]]);
  });

  it("accepts any iterable, including generators", async () => {
    const out = await runOperation([[2, 3]], (s) =>
      s.flatMap(function* (n) {
        for (let i = 0; i < n; i++) yield n;
      }),
    );
    expect(out).toEqual([[2, 2, 3, 3, 3]]);
  });
});
