import { describe, expect, it } from "vitest";
import { BatchFailedError, HashPartitioner, NonComparableKeyError, Seconds } from "../../../engine";
import {
  collectBatches,
  collectOutput,
  manualContext,
  runOperation,
  sortedBatches,
} from "../../helpers/testStreams";

type KV = [string, number];

describe("reduceByKey", () => {
  it("reduces the values of each key within each batch, never across batches (BasicOperationsSuite)", async () => {
    const input: KV[][] = [
      [
        ["a", 1],
        ["a", 1],
        ["b", 1],
      ],
      [
        ["", 1],
        ["b", 1],
        ["", 1],
      ],
      [],
    ];
    const out = await runOperation(input, (s) => s.reduceByKey((a, b) => a + b));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 2],
        ["b", 1],
      ],
      [
        ["", 2],
        ["b", 1],
      ],
      [],
    ]);
  });

  it("counts words (the guide's example)", async () => {
    const out = await runOperation([["a b", "b c b"]], (s) =>
      s
        .flatMap((l) => l.split(" "))
        .map((w) => [w, 1] as KV)
        .reduceByKey((a, b) => a + b),
    );
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 1],
        ["b", 3],
        ["c", 1],
      ],
    ]);
  });

  it("uses the asked number of partitions, or a given partitioner", async () => {
    const { ssc, clock } = await manualContext({ parallelism: 2 });
    const s = ssc.queueStream<KV>([
      [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ],
    ]);
    const counts: number[] = [];
    s.reduceByKey((a, b) => a + b, 3).foreachRDD((rdd) => {
      counts.push(rdd.getNumPartitions());
    });
    s.reduceByKey((a, b) => a + b, new HashPartitioner(4)).foreachRDD((rdd) => {
      counts.push(rdd.getNumPartitions());
    });
    s.reduceByKey((a, b) => a + b).foreachRDD((rdd) => {
      counts.push(rdd.getNumPartitions());
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(counts).toEqual([3, 4, 2]);
  });

  it("merges tuple keys by value, not by identity", async () => {
    const input: [[string, number], number][][] = [
      [
        [["a", 1], 1],
        [["a", 1], 2],
        [["a", 2], 4],
      ],
      [
        [["a", 1], 8],
        [["a", 1], 16],
      ],
    ];
    const out = await runOperation(input, (s) => s.reduceByKey((a, b) => a + b));
    expect(sortedBatches(out)).toEqual([
      [
        [["a", 1], 3],
        [["a", 2], 4],
      ],
      [[["a", 1], 24]],
    ]);
  });

  it("fails the batch with NonComparableKeyError naming reduceByKey when a key is an object", async () => {
    const { ssc, clock } = await manualContext();
    const q: [unknown, number][][] = [[["ok", 1]], [[{ id: 1 }, 1]], [["ok", 2]]];
    const out = collectOutput(ssc.queueStream(q).reduceByKey((a, b) => a + b));
    const infos = collectBatches(ssc);
    const errors: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e) });
    const terminated = ssc.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    );
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();

    // Batches before and after the bad one are fine.
    expect(out).toEqual([
      { time: 1000, records: [["ok", 1]] },
      { time: 3000, records: [["ok", 2]] },
    ]);
    expect(infos.map((i) => i.failures.length)).toEqual([0, 1, 0]);
    expect(infos[1]!.failures[0]).toMatch(
      /reduceByKey: the key \{"id":1\} \(an object\) cannot be compared by value/,
    );
    const err = errors[0] as BatchFailedError;
    expect(err).toBeInstanceOf(BatchFailedError);
    expect(err.batchTimeMs).toBe(2000);
    expect(err.cause).toBeInstanceOf(NonComparableKeyError);
    expect((err.cause as NonComparableKeyError).operator).toBe("reduceByKey");
    expect(await terminated).toBe(err);
  });

  it("names groupByKey and combineByKey in their key errors too", async () => {
    for (const [name, op] of [
      ["groupByKey", (s: any) => s.groupByKey()],
      [
        "combineByKey",
        (s: any) =>
          s.combineByKey(
            (v: number) => v,
            (c: number, v: number) => c + v,
            (a: number, b: number) => a + b,
          ),
      ],
    ] as const) {
      const { ssc, clock } = await manualContext();
      op(ssc.queueStream([[[new Date(0), 1]]])).foreachRDD((rdd: any) => rdd.collect());
      const infos = collectBatches(ssc);
      ssc.start();
      await clock.advance(Seconds(1));
      await ssc.stop();
      expect(infos[0]!.failures[0]).toMatch(
        new RegExp(`${name}: the key .* cannot be compared by value.*Fix:`),
      );
    }
  });
});

describe("groupByKey", () => {
  it("gathers all values of each key in each batch (BasicOperationsSuite)", async () => {
    const input: KV[][] = [
      [
        ["a", 1],
        ["a", 2],
        ["b", 1],
      ],
      [["a", 3]],
      [],
    ];
    const out = await runOperation(input, (s) => s.groupByKey().mapValues((vs) => [...vs].sort()));
    expect(sortedBatches(out)).toEqual([
      [
        ["a", [1, 2]],
        ["b", [1]],
      ],
      [["a", [3]]],
      [],
    ]);
  });

  it("groups tuple keys by value", async () => {
    const input: [[number, number], string][][] = [
      [
        [[1, 2], "x"],
        [[1, 2], "y"],
      ],
    ];
    const out = await runOperation(input, (s) => s.groupByKey(1));
    expect(out).toEqual([
      [
        [
          [1, 2],
          ["x", "y"],
        ],
      ],
    ]);
  });
});

describe("combineByKey", () => {
  it("builds per-key combiners within each batch (average per key)", async () => {
    const input: KV[][] = [
      [
        ["a", 1],
        ["a", 3],
        ["b", 10],
      ],
      [["a", 5]],
    ];
    const out = await runOperation(input, (s) =>
      s
        .combineByKey(
          (v) => [v, 1] as [number, number],
          (c, v) => [c[0] + v, c[1] + 1] as [number, number],
          (x, y) => [x[0] + y[0], x[1] + y[1]] as [number, number],
          2,
        )
        .mapValues(([sum, n]) => sum / n),
    );
    expect(sortedBatches(out)).toEqual([
      [
        ["a", 2],
        ["b", 10],
      ],
      [["a", 5]],
    ]);
  });

  it("gives the same result without map-side combining", async () => {
    const input: KV[][] = [
      [
        ["a", 1],
        ["b", 2],
        ["a", 3],
        ["b", 4],
      ],
    ];
    const out = await runOperation(input, (s) =>
      s.combineByKey(
        (v) => `${v}`,
        (c, v) => `${c}+${v}`,
        (x, y) => `${x}+${y}`,
        1,
        false,
      ),
    );
    expect(sortedBatches(out)).toEqual([
      [
        ["a", "1+3"],
        ["b", "2+4"],
      ],
    ]);
  });
});
