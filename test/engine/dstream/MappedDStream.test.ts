import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("map", () => {
  it("maps every record of every batch, and leaves empty batches empty", async () => {
    const out = await runOperation([[1, 2], [], [3]], (s) => s.map((x) => x * 10));
    expect(out).toEqual([[10, 20], [], [30]]);
  });
});
