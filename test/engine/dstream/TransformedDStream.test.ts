import { describe, expect, it } from "vitest";
import { BatchFailedError, IllegalArgumentError, type RDD, Seconds } from "../../../engine";
import {
  collectBatches,
  collectOutput,
  manualContext,
  runBinaryOperation,
  runOperation,
  sortedBatches,
} from "../../helpers/testStreams";

describe("transform", () => {
  it("applies any RDD-to-RDD function to each batch (BasicOperationsSuite)", async () => {
    const out = await runOperation(
      [
        [1, 2],
        [3, 4],
      ],
      (s) => s.transform((rdd) => rdd.map((x) => x * 2)),
    );
    expect(out).toEqual([
      [2, 4],
      [6, 8],
    ]);
  });

  it("passes the batch time", async () => {
    const out = await runOperation([["a"], ["b"]], (s) =>
      s.transform((rdd, time) => rdd.map((x) => `${x}@${time.milliseconds}`)),
    );
    expect(out).toEqual([["a@1000"], ["b@2000"]]);
  });

  it("mixes each batch with a static RDD: drop messages from senders on a spam list", async () => {
    const { sc, ssc, clock } = await manualContext();
    // The seed example: a static list of [sender, true] flags, joined to every batch of messages.
    const spamInfo = sc.parallelize<[string, boolean]>([
      ["spammer", true],
      ["bot", true],
    ]);
    const messages = ssc.queueStream<[string, string]>([
      [
        ["alice", "hi"],
        ["spammer", "buy now"],
        ["bob", "lunch?"],
      ],
      [["bot", "click"]],
      [
        ["carol", "hello"],
        ["alice", "again"],
      ],
    ]);
    const clean = messages.transform((rdd) =>
      rdd
        .leftOuterJoin(spamInfo)
        .filter(([, [, isSpam]]) => !isSpam)
        .map(([sender, [text]]) => [sender, text] as [string, string]),
    );
    const out = collectOutput(clean);
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(sortedBatches(out.map((b) => b.records))).toEqual([
      [
        ["alice", "hi"],
        ["bob", "lunch?"],
      ],
      [],
      [
        ["alice", "again"],
        ["carol", "hello"],
      ],
    ]);
  });

  it("repartition spreads each batch over the asked number of partitions", async () => {
    const { ssc, clock } = await manualContext({ parallelism: 2 });
    const partitions: number[] = [];
    const records: number[][] = [];
    ssc
      .queueStream([[1, 2, 3, 4, 5, 6, 7, 8], [9]])
      .repartition(5)
      .foreachRDD((rdd) => {
        partitions.push(rdd.getNumPartitions());
        records.push(rdd.collect().sort((a, b) => a - b));
      });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(partitions).toEqual([5, 5]);
    expect(records).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [9]]);
  });

  it("repartition rejects a partition count below 1 when defined, not at every batch", async () => {
    const { ssc } = await manualContext();
    const s = ssc.queueStream<number>([]);
    expect(() => s.repartition(0)).toThrow(IllegalArgumentError);
    expect(() => s.repartition(2.5)).toThrow(
      /repartition: the number of partitions must be a whole number.*Fix/,
    );
  });

  it("fails the batch with a clear error when the function does not return an RDD", async () => {
    const { ssc, clock } = await manualContext();
    ssc
      .queueStream([[1]])
      .transform(() => [1, 2] as unknown as RDD<number>)
      .foreachRDD(() => {});
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(infos[0]!.failures).toHaveLength(1);
    expect(infos[0]!.failures[0]).toMatch(/transform: the function must return an RDD.*Fix/);
  });

  it("a function that throws while the batch is planned fails only that batch's job", async () => {
    const { ssc, clock } = await manualContext();
    const q = [[1], [2], [3]];
    const base = ssc.queueStream(q);
    const viaTransform = base.transform((rdd, time) => {
      if (time.milliseconds === 2000) throw new Error("planning blew up");
      return rdd.map((x) => x * 100);
    });
    const transformed = collectOutput(viaTransform);
    const plain = collectOutput(base);
    const failures: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => failures.push(e) });
    const infos = collectBatches(ssc);
    const terminated = ssc.awaitTermination().then(
      () => undefined,
      (e: unknown) => e,
    );
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(transformed).toEqual([
      { time: 1000, records: [100] },
      { time: 3000, records: [300] },
    ]);
    // The other output of the same batch still ran.
    expect(plain.map((b) => b.records)).toEqual([[1], [2], [3]]);
    expect(infos.map((i) => i.failures.length)).toEqual([0, 1, 0]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(BatchFailedError);
    expect(String(await terminated)).toMatch(
      /Batch 2000 ms failed in output operation foreachRDD: planning blew up/,
    );
  });

  it("ssc.transform combines the batches of several streams", async () => {
    const { ssc, clock } = await manualContext();
    const a = ssc.queueStream([[1, 2]]);
    const b = ssc.queueStream([[10]]);
    const c = ssc.queueStream([[100]]);
    const out = collectOutput(
      ssc.transform<number>([a, b, c], (rdds) =>
        rdds[0]!.union(rdds[1]!, rdds[2]!).map((x: number) => x + 1),
      ),
    );
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out[0]!.records.sort((x, y) => x - y)).toEqual([2, 3, 11, 101]);
  });
});

describe("transformWith", () => {
  it("combines the same batch of two streams with a function of two RDDs and the time", async () => {
    const out = await runBinaryOperation<string, number, string>([["a", "b"], ["c"]], [[1], [2, 3]], (a, b) =>
      a.transformWith(b, (ra, rb, time) => ra.union(rb.map((n) => `${n}@${time.milliseconds}`))),
    );
    expect(out).toEqual([
      ["a", "b", "1@1000"],
      ["c", "2@2000", "3@2000"],
    ]);
  });

  it("works with streams of different record types (BasicOperationsSuite: join via cogroup)", async () => {
    const out = await runBinaryOperation<[string, number], [string, string], [string, [number, string]]>(
      [
        [
          ["a", 1],
          ["b", 2],
        ],
        [["c", 3]],
      ],
      [
        [["a", "x"]],
        [
          ["c", "y"],
          ["c", "z"],
        ],
      ],
      (a, b) => a.transformWith(b, (ra, rb) => ra.join(rb)),
    );
    expect(sortedBatches(out)).toEqual([
      [["a", [1, "x"]]],
      [
        ["c", [3, "y"]],
        ["c", [3, "z"]],
      ],
    ]);
  });

  it("rejects a stream with a different slide duration", async () => {
    const { ssc } = await manualContext();
    const a = ssc.queueStream<number>([]);
    const b = ssc.queueStream<number>([]).window(Seconds(3), Seconds(3));
    expect(() => a.transformWith(b, (x) => x)).toThrow(IllegalArgumentError);
  });
});
