import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("mapValues", () => {
  it("maps the value of each pair and keeps its key (BasicOperationsSuite)", async () => {
    const input: [string, number][][] = [
      [
        ["a", 1],
        ["b", 2],
      ],
      [],
      [["a", 3]],
    ];
    const out = await runOperation(input, (s) => s.mapValues((v) => v * 10));
    expect(out).toEqual([
      [
        ["a", 10],
        ["b", 20],
      ],
      [],
      [["a", 30]],
    ]);
  });

  it("keeps the partitioner of a keyed batch, so a following reduceByKey needs no shuffle", async () => {
    const input: [string, number][][] = [
      [
        ["a", 1],
        ["b", 2],
        ["a", 3],
      ],
    ];
    let partitionerKept = false;
    const out = await runOperation(input, (s) =>
      s
        .reduceByKey((a, b) => a + b)
        .mapValues((v) => v + 1)
        .transform((rdd) => {
          partitionerKept = rdd.partitioner !== undefined;
          return rdd;
        }),
    );
    expect(partitionerKept).toBe(true);
    expect(out[0]!.sort()).toEqual([
      ["a", 5],
      ["b", 3],
    ]);
  });
});
