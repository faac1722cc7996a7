import { describe, expect, it } from "vitest";
import { ManualClock, Milliseconds } from "../../../engine";
import { BlockGenerator } from "../../../engine/receiver/BlockGenerator";
import { RateLimiter } from "../../../engine/receiver/RateLimiter";

/** A generator on a ManualClock whose blocks and flow-control calls are recorded. */
function generator(rate?: number) {
  const clock = new ManualClock();
  const blocks: { at: number; records: number[] }[] = [];
  const flow: string[] = [];
  const gen = new BlockGenerator<number>(clock, 200, new RateLimiter(clock, rate), {
    pushBlock: (records, at) => {
      blocks.push({ at, records });
    },
    pause: () => flow.push(`pause@${clock.now()}`),
    resume: () => flow.push(`resume@${clock.now()}`),
    pushFailed: (e) => {
      throw e;
    },
  });
  gen.start();
  return { clock, gen, blocks, flow };
}

describe("BlockGenerator", () => {
  it("cuts a block every block interval, and none when nothing came", async () => {
    const { clock, gen, blocks } = generator();
    gen.add(1);
    gen.add(2);
    await clock.advance(Milliseconds(200));
    await clock.advance(Milliseconds(200)); // empty interval: no block
    gen.add(3);
    await clock.advance(Milliseconds(200));
    expect(blocks).toEqual([
      { at: 200, records: [1, 2] },
      { at: 600, records: [3] },
    ]);
  });

  it("cuts at every batch boundary too, labelling each block with its grid time", async () => {
    const clock = new ManualClock();
    const blocks: { at: number; records: number[] }[] = [];
    const gen = new BlockGenerator<number>(clock, 200, new RateLimiter(clock, undefined), {
      pushBlock: (records, at) => {
        blocks.push({ at, records });
      },
      pause: () => {},
      resume: () => {},
      pushFailed: () => {},
    });
    gen.start({ zeroMs: 0, blockIntervalMs: 200, batchIntervalMs: 300 });
    gen.add(1);
    await clock.advance(Milliseconds(250));
    gen.add(2);
    await clock.advance(Milliseconds(100));
    expect(blocks).toEqual([
      { at: 200, records: [1] },
      { at: 300, records: [2] },
    ]);
  });

  it("when its timer is late, still cuts records stored before a grid time apart from those after it", async () => {
    // A clock whose timers never fire: the event loop held by a long partition, as on one thread.
    let now = 0;
    const clock = { now: () => now, schedule: () => () => {} };
    const blocks: { at: number; records: number[] }[] = [];
    const gen = new BlockGenerator<number>(clock, 200, new RateLimiter(clock, undefined), {
      pushBlock: (records, at) => {
        blocks.push({ at, records });
      },
      pause: () => {},
      resume: () => {},
      pushFailed: () => {},
    });
    gen.start({ zeroMs: 0, blockIntervalMs: 200, batchIntervalMs: 1000 });
    gen.add(1);
    gen.add(2);
    await Promise.resolve(); // the next turn of the event loop
    now = 450; // two ticks missed
    gen.add(3);
    expect(blocks).toEqual([{ at: 200, records: [1, 2] }]);
    now = 1001; // the batch at 1000 is generated late
    gen.cut();
    expect(blocks).toEqual([
      { at: 200, records: [1, 2] },
      { at: 600, records: [3] },
    ]);
  });

  it("under a rate, keeps records in order and admits them as the rate allows, dropping none", async () => {
    const { clock, gen, blocks } = generator(20);
    for (let i = 0; i < 30; i++) gen.add(i);
    await clock.advance(Milliseconds(1000));
    expect(blocks.flatMap((b) => b.records)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(blocks.every((b) => b.at % 200 === 0)).toBe(true);
    expect(gen.bufferedRecords).toBe(10);
    await clock.advance(Milliseconds(600));
    expect(blocks.flatMap((b) => b.records)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("pauses the source at the high-water mark and resumes it at half", async () => {
    const { clock, gen, flow } = generator(100); // mark: max(64, 100/s · 0.2 s) = 64
    let results = 0;
    for (let i = 0; i < 100; i++) if (!gen.add(i)) results++;
    expect(flow).toEqual(["pause@0"]);
    expect(results).toBe(100 - 63); // false from the 64th on
    await clock.advance(Milliseconds(700)); // 70 admitted: 30 wait, under 32
    expect(flow).toEqual(["pause@0", "resume@680"]);
  });

  it("stop() stores everything already accepted, rate or not, waiting blocks included", async () => {
    const { gen, blocks } = generator(1);
    gen.add(1);
    gen.add(2);
    const reliable = gen.addBlock([3, 4]);
    gen.stop();
    await reliable;
    expect(blocks.flatMap((b) => b.records)).toEqual([1, 2, 3, 4]);
    expect(gen.bufferedRecords).toBe(0);
  });

  it("addBlock resolves when the block is stored, after the records added before it", async () => {
    const { clock, gen, blocks } = generator(10);
    await clock.advance(Milliseconds(100)); // one permit
    gen.add(0);
    let done = false;
    const stored = gen.addBlock([1, 2, 3]).then(() => {
      done = true;
    });
    await clock.advance(Milliseconds(50));
    expect(done).toBe(false);
    await clock.advance(Milliseconds(100)); // the burst (1 permit) is there: in whole, with debt
    await stored;
    expect(blocks.map((b) => b.records)).toEqual([[0], [1, 2, 3]]);
  });
});
