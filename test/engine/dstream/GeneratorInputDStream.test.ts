import { describe, expect, it } from "vitest";
import {
  BatchContext,
  ManualClock,
  Seconds,
  StreamingContext,
  sentenceGenerator,
  type Time,
} from "../../../engine";
import { collectBatches, collectOutput, manualContext } from "../../helpers/testStreams";

async function runGenerated<T>(
  generate: (time: Time, i: number) => Iterable<T>,
  batches: number,
  startMs = 0,
): Promise<{ time: number; records: T[] }[]> {
  await StreamingContext.getActive()?.stop();
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext(new BatchContext({ parallelism: 2 }), Seconds(1), { clock });
  const out = collectOutput(ssc.generatorStream(generate));
  ssc.start();
  await clock.advance(Seconds(batches));
  await ssc.stop();
  return out;
}

describe("generatorStream", () => {
  it("calls the generator with each batch time and the batch index from 0", async () => {
    const out = await runGenerated((t, i) => [`${t.milliseconds}#${i}`], 3);
    expect(out.map((b) => b.records)).toEqual([["1000#0"], ["2000#1"], ["3000#2"]]);
  });

  it("counts the batch index from the first batch, whatever the clock's start time", async () => {
    const out = await runGenerated((t, i) => [[t.milliseconds, i]], 2, 2500);
    expect(out.map((b) => b.records)).toEqual([[[3000, 0]], [[4000, 1]]]);
  });

  it("is deterministic per batch time: two runs give the same batches", async () => {
    const gen = sentenceGenerator({ linesPerBatch: 4, seed: 7 });
    const a = await runGenerated(gen, 3);
    const b = await runGenerated(gen, 3);
    expect(a).toEqual(b);
    expect(a[0]!.records).toHaveLength(4);
  });

  it("spreads each batch over the given number of partitions and reports its records", async () => {
    const { ssc, clock } = await manualContext();
    const parts: number[] = [];
    ssc
      .generatorStream(() => [1, 2, 3, 4, 5, 6], 3)
      .foreachRDD((rdd) => {
        parts.push(rdd.getNumPartitions());
      });
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(parts).toEqual([3, 3]);
    expect(infos.map((i) => i.numRecords)).toEqual([6, 6]);
  });

  it("a generator that throws fails that batch's jobs only", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(
      ssc.generatorStream((t) => {
        if (t.milliseconds === 2000) throw new Error("no data at 2 s");
        return [t.milliseconds];
      }),
    );
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([[1000], [3000]]);
    expect(infos.map((i) => i.failures.length)).toEqual([0, 1, 0]);
    expect(infos[1]!.failures[0]).toMatch(
      /Batch 2000 ms failed in output operation foreachRDD: no data at 2 s/,
    );
  });
});
