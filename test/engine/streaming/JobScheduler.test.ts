import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BatchContext, BatchFailedError, type Clock, Seconds, StreamingContext } from "../../../engine";
import {
  collectBatches,
  collectOutput,
  deferred,
  FiringClock,
  manualContext,
  settle,
  tempDir,
} from "../../helpers/testStreams";

afterEach(async () => {
  vi.restoreAllMocks();
  await StreamingContext.getActive()?.stop();
});

async function contextOn(clock: Clock): Promise<StreamingContext> {
  await StreamingContext.getActive()?.stop();
  return new StreamingContext(new BatchContext(), Seconds(1), { clock, logErrors: false });
}

describe("JobScheduler: order", () => {
  it("runs the output operations of a batch one at a time, in the order they were defined", async () => {
    const { ssc, clock } = await manualContext();
    const log: string[] = [];
    const s = ssc.queueStream([["a"], ["b"]]);
    s.foreachRDD((_r, t) => {
      log.push(`first ${t.milliseconds}`);
    });
    s.map((x) => x.toUpperCase()).foreachRDD((r, t) => {
      log.push(`second ${t.milliseconds} ${r.collect()}`);
    });
    s.foreachRDD(async (_r, t) => {
      await settle(2);
      log.push(`third ${t.milliseconds}`);
    });
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(log).toEqual([
      "first 1000",
      "second 1000 A",
      "third 1000",
      "first 2000",
      "second 2000 B",
      "third 2000",
    ]);
  });

  it("starts batch t+1 only after batch t's jobs have finished, even when time runs ahead", async () => {
    const clock = new FiringClock();
    const ssc = await contextOn(clock);
    const gate = deferred();
    const log: string[] = [];
    ssc.queueStream([[1], [2], [3]]).foreachRDD(async (_r, t) => {
      log.push(`start ${t.milliseconds}`);
      if (t.milliseconds === 1000) await gate.promise;
      log.push(`end ${t.milliseconds}`);
    });
    ssc.start();
    await clock.fire(3000);
    await settle();
    expect(log).toEqual(["start 1000"]);
    gate.resolve();
    await settle();
    expect(log).toEqual(["start 1000", "end 1000", "start 2000", "end 2000", "start 3000", "end 3000"]);
    await ssc.stop();
  });

  it("on a ManualClock, advance resolves only after the held batch and the ones after it ran", async () => {
    const { ssc, clock } = await manualContext();
    const gate = deferred();
    const out: number[] = [];
    ssc.queueStream([[1], [2]]).foreachRDD(async (r, t) => {
      if (t.milliseconds === 1000) await gate.promise;
      out.push(...r.collect());
    });
    ssc.start();
    let advanced = false;
    const advancing = clock.advance(Seconds(2)).then(() => {
      advanced = true;
    });
    await settle();
    expect(advanced).toBe(false);
    expect(out).toEqual([]);
    gate.resolve();
    await advancing;
    expect(out).toEqual([1, 2]);
    await ssc.stop();
  });

  it("gives a batch what was queued for it: records added during batch t land in batch t+1", async () => {
    const { ssc, clock } = await manualContext();
    const q: string[][] = [["first"]];
    const out = collectOutput(ssc.queueStream(q, false));
    ssc.queueStream([["tick"], ["tick"], ["tick"]]).foreachRDD((_r, t) => {
      q.push([`pushed during ${t.milliseconds}`]);
    });
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out).toEqual([
      { time: 1000, records: ["first"] },
      { time: 2000, records: ["pushed during 1000"] },
      { time: 3000, records: ["pushed during 2000"] },
    ]);
  });
});

describe("JobScheduler: failures", () => {
  it("a function that throws fails that batch's job; later batches and other outputs still run", async () => {
    const { ssc, clock } = await manualContext();
    const input = ssc.queueStream([[1, 2], [3, 0], [5]]);
    const inverted = collectOutput(
      input.map((x) => {
        if (x === 0) throw new Error("division by zero");
        return 60 / x;
      }),
    );
    const raw = collectOutput(input);
    const infos = collectBatches(ssc);
    const errors: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e) });
    const terminated = ssc.awaitTermination().then(
      () => "resolved",
      (e: unknown) => e,
    );
    ssc.start();
    await clock.advance(Seconds(3));

    expect(inverted).toEqual([
      { time: 1000, records: [60, 30] },
      { time: 3000, records: [12] },
    ]);
    expect(raw.map((b) => b.records)).toEqual([[1, 2], [3, 0], [5]]);
    expect(infos.map((i) => i.failures)).toEqual([
      [],
      [expect.stringMatching(/^Batch 2000 ms failed in output operation foreachRDD: division by zero/)],
      [],
    ]);
    const op = infos[1]!.outputOperationInfos.get(0)!;
    expect(op.failureReason).toMatch(/division by zero/);
    expect(infos[1]!.outputOperationInfos.get(1)!.failureReason).toBeUndefined();

    expect(errors).toHaveLength(1);
    const err = errors[0] as BatchFailedError;
    expect(err).toBeInstanceOf(BatchFailedError);
    expect(err.batchTimeMs).toBe(2000);
    expect(err.outputOperation).toBe("foreachRDD");
    expect((err.cause as Error).message).toBe("division by zero");
    expect(await terminated).toBe(err);
    // Asked after the failure, awaitTermination still reports it.
    await expect(ssc.awaitTermination()).rejects.toBe(err);
    expect(ssc.getState()).toBe("ACTIVE");
    await ssc.stop();
  });

  it("the failure message reads as sentences even when the cause ends with a full stop", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1]]).foreachRDD(() => {
      throw new Error("Bad input. Fix: send better input.");
    });
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(infos[0]!.failures[0]).toBe(
      "Batch 1000 ms failed in output operation foreachRDD: Bad input. Fix: send better input. " +
        "Earlier batches and their state are unaffected; fix the function and the next batch runs normally.",
    );
  });

  it("earlier batches' outputs are unaffected by a later failure (saved files stay as they were)", async () => {
    const { ssc, clock } = await manualContext();
    const dir = tempDir("fail-");
    ssc
      .queueStream([["ok"], ["bad"], ["fine"]])
      .map((x) => {
        if (x === "bad") throw new Error("bad record");
        return x;
      })
      .saveAsTextFiles(`${dir}/out`);
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(fs.readdirSync(dir).sort()).toEqual(["out-1000", "out-3000"]);
    expect(infos[1]!.failures[0]).toMatch(
      /Batch 2000 ms failed in output operation saveAsTextFiles: bad record/,
    );
  });

  it("an async output operation that rejects fails its job like one that throws", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1]]).foreachRDD(async () => {
      await settle(1);
      throw new Error("async failure");
    });
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(infos[0]!.failures[0]).toMatch(/async failure/);
  });

  it("a print whose records fail names print(n) as the failed output", async () => {
    const { ssc, clock } = await manualContext();
    vi.spyOn(console, "log").mockImplementation(() => {});
    ssc
      .queueStream([[1]])
      .map(() => {
        throw new Error("nope");
      })
      .print(3);
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(infos[0]!.failures[0]).toMatch(/failed in output operation print\(3\): nope/);
  });

  it("logs failed jobs to stderr when logErrors is on (the default)", async () => {
    const { ssc, clock } = await manualContext({ logErrors: true });
    const errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
    ssc.queueStream([[1]]).foreachRDD(() => {
      throw new Error("loud");
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(errorLog).toHaveBeenCalledWith(
      expect.stringMatching(/\[dstream-lab\] Batch 1000 ms failed .*loud/),
    );
  });
});

describe("JobScheduler: async context", () => {
  it("runs each output operation in the async context where it was defined", async () => {
    const cell = new AsyncLocalStorage<string>();
    const { ssc, clock } = await manualContext();
    const seen: (string | undefined)[] = [];
    const s = ssc.queueStream([[1]]);
    cell.run("cell 1", () =>
      s.foreachRDD(() => {
        seen.push(cell.getStore());
      }),
    );
    cell.run("cell 2", () =>
      s.foreachRDD(() => {
        seen.push(cell.getStore());
      }),
    );
    s.foreachRDD(() => {
      seen.push(cell.getStore());
    });
    ssc.start();
    await cell.run("cell 3", () => clock.advance(Seconds(1)));
    await ssc.stop();
    expect(seen).toEqual(["cell 1", "cell 2", undefined]);
  });
});
