import { describe, expect, it } from "vitest";
import { runOperation } from "../../helpers/testStreams";

describe("mapPartitions", () => {
  it("runs the function once per partition of each batch (BasicOperationsSuite: sum per partition)", async () => {
    const input = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ];
    const out = await runOperation(input, (s) =>
      s.mapPartitions((items) => [items.reduce((a, b) => a + b, 0)]),
    );
    expect(out).toEqual([
      [3, 7],
      [11, 15],
      [19, 23],
    ]);
  });

  it("passes the partition index", async () => {
    const out = await runOperation([["a", "b", "c", "d"]], (s) =>
      s.mapPartitions((items, i) => items.map((x) => `${i}:${x}`)),
    );
    expect(out).toEqual([["0:a", "0:b", "1:c", "1:d"]]);
  });

  it("runs on empty partitions too, and not at all for a batch with no partitions", async () => {
    // [] is parallelized into 2 empty partitions; a drained queue gives an RDD with none.
    const out = await runOperation([[]], (s) => s.mapPartitions((items) => [items.length]), {
      numBatches: 2,
    });
    expect(out).toEqual([[0, 0], []]);
  });
});

describe("glom", () => {
  it("turns each partition of each batch into one array (BasicOperationsSuite)", async () => {
    const input = [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ];
    const out = await runOperation(input, (s) => s.glom());
    expect(out).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
  });

  it("follows the partitioning of the parent (after repartition)", async () => {
    const out = await runOperation([[1, 2, 3, 4, 5, 6]], (s) => s.repartition(3).glom());
    expect(out[0]).toHaveLength(3);
    expect(out[0]!.flat().sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
