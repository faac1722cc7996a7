import { describe, expect, it } from "vitest";
import { type DStream, Seconds } from "../../../engine";
import { collectBatches, manualContext, runBinaryOperation, sortedBatches } from "../../helpers/testStreams";

type L = [string, number];
type R = [string, string];

// BasicOperationsSuite's join inputs: three batches, the second side missing keys in some.
const left: L[][] = [
  [
    ["a", 1],
    ["a", 2],
    ["b", 3],
  ],
  [["c", 4]],
  [],
  [["d", 5]],
];
const right: R[][] = [
  [
    ["a", "x"],
    ["c", "y"],
  ],
  [
    ["c", "z"],
    ["c", "w"],
  ],
  [["e", "v"]],
  [],
];

describe("join", () => {
  it("joins the same batch of both streams on key, per batch", async () => {
    const out = await runBinaryOperation(left, right, (a, b) => a.join(b));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [1, "x"]],
        ["a", [2, "x"]],
      ],
      [
        ["c", [4, "w"]],
        ["c", [4, "z"]],
      ],
      [],
      [],
    ]);
  });

  it("joins tuple keys by value", async () => {
    const out = await runBinaryOperation<[[string, number], number], [[string, number], string], unknown>(
      [[[["k", 1], 10]]],
      [[[["k", 1], "v"]]],
      (a, b) => a.join(b, 3),
    );
    expect(out).toEqual([
      [
        [
          ["k", 1],
          [10, "v"],
        ],
      ],
    ]);
  });
});

describe("leftOuterJoin", () => {
  it("keeps every left record, undefined where the right batch has no match", async () => {
    const out = await runBinaryOperation(left, right, (a, b) => a.leftOuterJoin(b));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [1, "x"]],
        ["a", [2, "x"]],
        ["b", [3, undefined]],
      ],
      [
        ["c", [4, "w"]],
        ["c", [4, "z"]],
      ],
      [],
      [["d", [5, undefined]]],
    ]);
  });
});

describe("rightOuterJoin", () => {
  it("keeps every right record, undefined where the left batch has no match", async () => {
    const out = await runBinaryOperation(left, right, (a, b) => a.rightOuterJoin(b));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [1, "x"]],
        ["a", [2, "x"]],
        ["c", [undefined, "y"]],
      ],
      [
        ["c", [4, "w"]],
        ["c", [4, "z"]],
      ],
      [["e", [undefined, "v"]]],
      [],
    ]);
  });
});

describe("fullOuterJoin", () => {
  it("keeps every key of either batch", async () => {
    const out = await runBinaryOperation(left, right, (a, b) => a.fullOuterJoin(b));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [1, "x"]],
        ["a", [2, "x"]],
        ["b", [3, undefined]],
        ["c", [undefined, "y"]],
      ],
      [
        ["c", [4, "w"]],
        ["c", [4, "z"]],
      ],
      [["e", [undefined, "v"]]],
      [["d", [5, undefined]]],
    ]);
  });
});

describe("cogroup", () => {
  it("gives, per key and batch, the values from each side", async () => {
    const out = await runBinaryOperation(left, right, (a, b) =>
      a.cogroup(b).mapValues(([vs, ws]) => [[...vs].sort(), [...ws].sort()] as [number[], string[]]),
    );
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [[1, 2], ["x"]]],
        ["b", [[3], []]],
        ["c", [[], ["y"]]],
      ],
      [["c", [[4], ["w", "z"]]]],
      [["e", [[], ["v"]]]],
      [["d", [[5], []]]],
    ]);
  });

  it("uses the asked number of partitions", async () => {
    const out = await runBinaryOperation(left, right, (a, b) =>
      a.cogroup(b, 5).transform((rdd) => rdd.context.parallelize([rdd.getNumPartitions()], 1)),
    );
    expect(out).toEqual([[5], [5], [5], [5]]);
  });
});

describe("joins: keys", () => {
  it.each(["join", "leftOuterJoin", "rightOuterJoin", "fullOuterJoin", "cogroup"] as const)(
    "%s fails the batch naming itself when a key is an object",
    async (op) => {
      const { ssc, clock } = await manualContext();
      const a = ssc.queueStream<[unknown, number]>([[[{ id: 1 }, 1]]]);
      const b = ssc.queueStream<[unknown, number]>([[[{ id: 1 }, 2]]]);
      (a[op] as (o: typeof b) => DStream<unknown>).call(a, b).foreachRDD((rdd) => rdd.collect());
      const infos = collectBatches(ssc);
      ssc.start();
      await clock.advance(Seconds(1));
      await ssc.stop();
      expect(infos[0]!.failures[0]).toMatch(
        new RegExp(`${op}: the key \\{"id":1\\} \\(an object\\) cannot be compared`),
      );
    },
  );
});
