import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("filter", () => {
  it("keeps the records the predicate accepts, batch by batch", async () => {
    const input = [[1, 2, 3, 4], [5, 6], [7]];
    const out = await runOperation(input, (s) => s.filter((x) => x % 2 === 0));
    expect(out).toEqual([[2, 4], [6], []]);
  });

  it("passes empty batches through as empty", async () => {
    const out = await runOperation([[], [1]], (s) => s.filter(() => true));
    expect(out).toEqual([[], [1]]);
  });
});
