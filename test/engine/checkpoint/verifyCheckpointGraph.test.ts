import * as fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BatchContext,
  CheckpointError,
  type DStream,
  ManualClock,
  Seconds,
  StreamingContext,
} from "../../../engine";
import { createWordCount } from "../../fixtures/wordCount";
import { tempDir } from "../../helpers/testStreams";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/** A checkpoint directory holding the word count's metadata after 3 batches. */
async function wordCountCheckpoint(): Promise<string> {
  const dir = tempDir("ckpt-verify-");
  const clock = new ManualClock();
  const ssc = createWordCount({ clock, checkpointDir: dir, onBatch: () => {} })();
  ssc.start();
  await clock.advance(Seconds(3));
  await ssc.stop();
  return dir;
}

/** A create() for a word count with the same shape, changed by `change`. */
function wordCountWith(
  dir: string,
  change: { batch?: number; extraFilter?: boolean; queue?: boolean; start?: boolean; transform?: boolean },
): () => StreamingContext {
  return () => {
    const ssc = new StreamingContext(new BatchContext(), Seconds(change.batch ?? 1), {
      clock: new ManualClock(3000),
      logErrors: false,
    });
    ssc.checkpoint(dir);
    let lines: DStream<string> = change.queue
      ? ssc.queueStream<string>([])
      : ssc.generatorStream(() => ["a b"]);
    if (change.extraFilter) lines = lines.filter((l) => l.length > 0);
    const words = lines.flatMap((l) => l.split(" "));
    const pairs = change.transform
      ? words.transform((rdd) => rdd.map((w) => [w, 1] as [string, number]))
      : words.map((w) => [w, 1] as [string, number]);
    pairs
      .updateStateByKey((vs: number[], s: number | undefined) => vs.length + (s ?? 0))
      .foreachRDD(() => {});
    if (change.start) ssc.start();
    return ssc;
  };
}

describe("getOrCreate checks that create() rebuilt the graph the checkpoint was written by", () => {
  it("the same graph recovers", async () => {
    const dir = await wordCountCheckpoint();
    expect(StreamingContext.getOrCreate(dir, wordCountWith(dir, {})).recoveredFrom).toBeDefined();
  });

  it("an added stream is a CheckpointError saying which stream differs and how to fix it", async () => {
    const dir = await wordCountCheckpoint();
    const create = wordCountWith(dir, { extraFilter: true });
    expect(() => StreamingContext.getOrCreate(dir, create)).toThrow(CheckpointError);
    expect(() => StreamingContext.getOrCreate(dir, create)).toThrow(
      new RegExp(
        "The graph create\\(\\) built does not match the checkpoint .*checkpoint-3000: stream 4 \\(depth first " +
          "from the outputs\\) was GeneratorInputDStream \\(generatorStream\\) and is now FilteredDStream \\(filter\\) " +
          "\\(the checkpoint has 5 streams, the new graph 6\\)\\. The saved state belongs to the old graph\\. Fix: delete the " +
          `checkpoint directory ${dir} to start over without the saved state, or restore the code that wrote the checkpoint\\.`,
      ),
    );
  });

  it("a stream replaced by another of a different kind is a CheckpointError naming both", async () => {
    const dir = await wordCountCheckpoint();
    expect(() => StreamingContext.getOrCreate(dir, wordCountWith(dir, { transform: true }))).toThrow(
      /stream 2 \(depth first from the outputs\) was MappedDStream \(map\) and is now TransformedDStream \(transform\)\. The saved state/,
    );
  });

  it("a different batch duration is a CheckpointError", async () => {
    const dir = await wordCountCheckpoint();
    expect(() => StreamingContext.getOrCreate(dir, wordCountWith(dir, { batch: 2 }))).toThrow(
      /written with a batch duration of 1000 ms, but create\(\) made a context with 2000 ms\. Fix: delete the checkpoint directory/,
    );
  });

  it("a queueStream cannot be recovered: a CheckpointError says so", async () => {
    const dir = await wordCountCheckpoint();
    expect(() => StreamingContext.getOrCreate(dir, wordCountWith(dir, { queue: true }))).toThrow(
      /queueStream doesn't support checkpointing: its data lives in memory.*Fix: use a replayable source/,
    );
  });

  it("a create() that starts its context is refused: the state must be restored first", async () => {
    const dir = await wordCountCheckpoint();
    expect(() => StreamingContext.getOrCreate(dir, wordCountWith(dir, { start: true }))).toThrow(
      /create\(\) returned a context that is ACTIVE.*Fix: define the graph in create\(\) and call start\(\) on the result/,
    );
  });

  it("with createOnError, a changed graph starts over: the new context replaces the old checkpoint", async () => {
    const dir = await wordCountCheckpoint();
    const warn = vi.fn();
    const ssc = StreamingContext.getOrCreate(dir, wordCountWith(dir, { extraFilter: true }), {
      createOnError: true,
      warn,
    });
    expect(ssc.recoveredFrom).toBeUndefined();
    expect(warn.mock.calls[0]![0]).toMatch(
      /does not match the checkpoint.*Starting over with the new context/,
    );
    ssc.start();
    await (ssc.clock as ManualClock).advance(Seconds(2));
    await ssc.stop();
    // The new run's zero time is 3000: its first batch is 4000, and the old files are gone.
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("checkpoint-"))).toEqual([
      "checkpoint-4000",
      "checkpoint-5000",
    ]);
  });
});
