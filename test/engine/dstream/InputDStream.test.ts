import * as fs from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BatchContext,
  InputDStream,
  type InputRecovery,
  ManualClock,
  type RDD,
  Seconds,
  StreamingContext as Ssc,
  type StreamingContext,
  type Time,
} from "../../../engine";
import { collectOutput, manualContext, tempDir } from "../../helpers/testStreams";

afterEach(async () => {
  await Ssc.getActive()?.stop();
});

/**
 * An input whose batch at t is [t], that remembers every time it produced in its checkpoint data
 * (as a file source remembers the files it took) and can be told how it recovers.
 */
class TickInput extends InputDStream<number> {
  seen: number[] = [];
  restored: unknown;
  constructor(
    ssc: StreamingContext,
    private readonly how: InputRecovery = "replayable",
    private readonly lifecycle: {
      start?: () => void | Promise<void>;
      stop?: () => void | Promise<void>;
    } = {},
  ) {
    super(ssc, "ticks");
  }
  get recovery(): InputRecovery {
    return this.how;
  }
  override start() {
    return this.lifecycle.start?.();
  }
  override stop() {
    return this.lifecycle.stop?.();
  }
  override checkpointData(): unknown {
    return { seen: this.seen };
  }
  override restoreCheckpointData(data: unknown): void {
    this.restored = data;
  }
  protected compute(t: Time): RDD<number> {
    this.seen.push(t.milliseconds);
    return this.ssc.sc.parallelize([t.milliseconds], 1);
  }
}

describe("InputDStream: recovery, checkpoint data, asynchronous start and stop", () => {
  it("saves each input's own data in the metadata checkpoint and hands it back on recovery", async () => {
    const dir = tempDir("input-ckpt-");
    const clock = new ManualClock();
    const create = () => {
      const ssc = new Ssc(new BatchContext(), Seconds(1), { clock, checkpointDir: dir, logErrors: false });
      new TickInput(ssc).foreachRDD(() => {});
      return ssc;
    };
    const first = Ssc.getOrCreate(dir, create);
    first.start();
    await clock.advance(Seconds(3));
    await first.stop();

    const again = Ssc.getOrCreate(dir, create);
    const input = again.graph.inputStreams[0] as TickInput;
    expect(again.recoveredFrom?.checkpointTime.milliseconds).toBe(3000);
    expect(input.restored).toEqual({ seen: [1000, 2000, 3000] });
  });

  it("writes no recovery metadata for an input that cannot be recovered, and says which one", async () => {
    const dir = tempDir("input-none-");
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (m: string) => warnings.push(m);
    try {
      const clock = new ManualClock();
      const ssc = new Ssc(new BatchContext(), Seconds(1), { clock, checkpointDir: dir });
      new TickInput(ssc, "none").foreachRDD(() => {});
      ssc.start();
      await clock.advance(Seconds(2));
      await ssc.stop();
    } finally {
      console.warn = warn;
    }
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("checkpoint-"))).toEqual([]);
    expect(warnings.join("\n")).toMatch(/ticks doesn't support checkpointing.*Fix: use a replayable source/s);
  });

  it("reports an input whose asynchronous start fails to the listeners, and keeps the context running", async () => {
    const { ssc, clock } = await manualContext();
    const errors: Error[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e) });
    const input = new TickInput(ssc, "replayable", {
      start: async () => {
        throw new Error("port 1 is in use. Fix: pick another port.");
      },
    });
    const out = collectOutput(input);
    ssc.start();
    await clock.advance(Seconds(2));
    expect(errors.map((e) => e.message)).toEqual(["port 1 is in use. Fix: pick another port."]);
    expect(out.map((b) => b.records)).toEqual([[1000], [2000]]);
    expect(ssc.getState()).toBe("ACTIVE");
  });

  it("stop() resolves only after every input's asynchronous stop has finished", async () => {
    const { ssc, clock } = await manualContext();
    let closed = false;
    new TickInput(ssc, "replayable", {
      stop: async () => {
        await new Promise((r) => setImmediate(r));
        closed = true;
      },
    }).foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(closed).toBe(true);
  });

  it("stop() does not hang on an input that never stops: after 10 s it says which and goes on", async () => {
    const { ssc, clock } = await manualContext();
    const errors: string[] = [];
    ssc.addStreamingListener({ onError: (e) => errors.push(e.message) });
    new TickInput(ssc, "replayable", { stop: () => new Promise<void>(() => {}) }).foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(1));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const stopping = ssc.stop();
      await vi.advanceTimersByTimeAsync(10_000);
      await stopping;
    } finally {
      vi.useRealTimers();
    }
    expect(errors).toEqual([
      expect.stringMatching(/ticks\) did not stop within 10 s.*Fix: make its stop \(a receiver's onStop\)/),
    ]);
  });
});
