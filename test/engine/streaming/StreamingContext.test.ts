import { afterEach, describe, expect, it } from "vitest";
import {
  BatchContext,
  IllegalArgumentError,
  IllegalStateError,
  InvalidDurationError,
  ManualClock,
  Milliseconds,
  Seconds,
  StreamingContext,
} from "../../../engine";
import {
  collectOutput,
  deferred,
  FiringClock,
  manualContext,
  settle,
  tempDir,
} from "../../helpers/testStreams";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

describe("StreamingContext lifecycle", () => {
  it("goes INITIALIZED → ACTIVE → STOPPED", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    expect(ssc.getState()).toBe("INITIALIZED");
    ssc.start();
    expect(ssc.getState()).toBe("ACTIVE");
    await ssc.stop();
    expect(ssc.getState()).toBe("STOPPED");
  });

  it("refuses to start with no output operations, saying how to add one", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).map((x) => x);
    expect(() => ssc.start()).toThrow(IllegalStateError);
    expect(() => ssc.start()).toThrow(
      /No output operations registered.*Fix: add one before start\(\), e\.g\. stream\.print\(\)/,
    );
    expect(ssc.getState()).toBe("INITIALIZED");
    expect(StreamingContext.getActive()).toBeUndefined();
  });

  it("cannot start again after stop", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    ssc.start();
    await ssc.stop();
    expect(() => ssc.start()).toThrow(IllegalStateError);
    expect(() => ssc.start()).toThrow(/already been stopped.*Fix: create a new one/);
  });

  it("cannot start after being stopped before it ever started", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    await ssc.stop();
    expect(ssc.getState()).toBe("STOPPED");
    expect(() => ssc.start()).toThrow(/already been stopped/);
  });

  it("a start that fails validation stays INITIALIZED, and starts fine once the named fix is applied", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(
      ssc
        .queueStream([[1], [2]])
        .map((x) => x * 2)
        .checkpoint(Seconds(1)),
    );
    expect(() => ssc.start()).toThrow(
      /needs checkpointing.*Fix: call ssc\.checkpoint\("some\/dir"\) before ssc\.start\(\)/,
    );
    expect(ssc.getState()).toBe("INITIALIZED");
    expect(StreamingContext.getActive()).toBeUndefined();
    await clock.setTime(5500); // time moves on before the retry: batches follow the new start
    ssc.checkpoint(tempDir("ckpt-"));
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    expect(out).toEqual([
      { time: 6000, records: [2] },
      { time: 7000, records: [4] },
    ]);
  });

  it("start() on an active context does nothing", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(ssc.queueStream([[1]]));
    ssc.start();
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out).toHaveLength(1);
  });

  it("allows one active context per process; the error names the fix", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    const other = new StreamingContext(new BatchContext(), Seconds(1), { clock: new ManualClock() });
    other.queueStream<number>([]).print();
    ssc.start();
    expect(() => other.start()).toThrow(IllegalStateError);
    expect(() => other.start()).toThrow(/Only one StreamingContext may be active.*Fix: stop it first/);
    expect(other.getState()).toBe("INITIALIZED");
    await ssc.stop();
    other.start();
    expect(StreamingContext.getActive()).toBe(other);
    await other.stop();
  });

  it("getActive is the started context, and undefined before start and after stop", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    expect(StreamingContext.getActive()).toBeUndefined();
    ssc.start();
    expect(StreamingContext.getActive()).toBe(ssc);
    expect(StreamingContext.getActiveOrCreate(() => undefined as never)).toBe(ssc);
    await ssc.stop();
    expect(StreamingContext.getActive()).toBeUndefined();
  });

  it.each([
    ["a map", (s: any) => s.map((x: number) => x)],
    ["a print", (s: any) => s.print()],
    ["a foreachRDD", (s: any) => s.foreachRDD(() => {})],
    ["a reduceByKey", (s: any) => s.map((x: number) => [x, 1]).reduceByKey((a: number, b: number) => a + b)],
  ])("refuses %s added after start, and after stop", async (_name, add) => {
    const { ssc } = await manualContext();
    const s = ssc.queueStream<number>([]);
    s.print();
    ssc.start();
    expect(() => add(s)).toThrow(IllegalStateError);
    expect(() => add(s)).toThrow(/after starting a context is not supported.*Fix/);
    expect(() => ssc.queueStream([[1]])).toThrow(IllegalStateError);
    await ssc.stop();
    expect(() => add(s)).toThrow(IllegalStateError);
    expect(() => add(s)).toThrow(
      /after stopping a context is not supported.*Fix: create a new StreamingContext/,
    );
  });

  it("stop() is idempotent: later calls return the same promise and change nothing", async () => {
    const { ssc, clock } = await manualContext();
    const stopped: number[] = [];
    ssc.addStreamingListener({ onStreamingStopped: (e) => stopped.push(e.time) });
    ssc.queueStream<number>([]).print();
    ssc.start();
    await clock.advance(Seconds(1));
    const first = ssc.stop();
    const second = ssc.stop();
    expect(second).toBe(first);
    await first;
    await ssc.stop();
    expect(stopped).toHaveLength(1);
    expect(ssc.getState()).toBe("STOPPED");
  });

  it("can be stopped from inside its own output operation without deadlocking", async () => {
    const { ssc, clock } = await manualContext();
    const seen: string[] = [];
    const s = ssc.queueStream([[1], [2], [3]]);
    s.foreachRDD(async (_rdd, t) => {
      seen.push(`first ${t.milliseconds}`);
      if (t.milliseconds === 2000) await ssc.stop();
    });
    s.foreachRDD((_rdd, t) => {
      seen.push(`second ${t.milliseconds}`);
    });
    ssc.start();
    await clock.advance(Seconds(3));
    // The batch that stopped the context still finishes its outputs; no batch comes after it.
    expect(seen).toEqual(["first 1000", "second 1000", "first 2000", "second 2000"]);
    expect(ssc.getState()).toBe("STOPPED");
    await expect(ssc.awaitTermination()).resolves.toBeUndefined();
  });

  it("no batches run after stop, even when the clock moves on", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(ssc.queueStream([[1], [2], [3]]));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    await clock.advance(Seconds(5));
    expect(out.map((b) => b.time)).toEqual([1000]);
  });

  it("stop({ stopBatchContext: true }) also stops the BatchContext; by default it lives on", async () => {
    const { sc, ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    ssc.start();
    await ssc.stop();
    expect(sc.isStopped).toBe(false);
    const { sc: sc2, ssc: ssc2 } = await manualContext();
    ssc2.queueStream<number>([]).print();
    ssc2.start();
    await ssc2.stop({ stopBatchContext: true });
    expect(sc2.isStopped).toBe(true);
  });

  it("awaitTermination resolves when the context stops", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream<number>([]).print();
    ssc.start();
    let done = false;
    const waiting = ssc.awaitTermination().then(() => {
      done = true;
    });
    await clock.advance(Seconds(2));
    expect(done).toBe(false);
    await ssc.stop();
    await waiting;
    expect(done).toBe(true);
    await expect(ssc.awaitTermination()).resolves.toBeUndefined();
  });

  it("awaitTerminationOrTimeout is false while running and true once stopped", async () => {
    const { ssc } = await manualContext();
    ssc.queueStream<number>([]).print();
    ssc.start();
    expect(await ssc.awaitTerminationOrTimeout(5)).toBe(false);
    await ssc.stop();
    expect(await ssc.awaitTerminationOrTimeout(5)).toBe(true);
  });
});

describe("stop({ stopGracefully })", () => {
  /** A context on a clock that lets batches queue up behind a batch held open by `gate`. */
  async function queuedBatches() {
    await StreamingContext.getActive()?.stop();
    const clock = new FiringClock();
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock, logErrors: false });
    const gate = deferred();
    const ran: number[] = [];
    ssc.queueStream([[1], [2], [3]]).foreachRDD(async (_rdd, t) => {
      if (t.milliseconds === 1000) await gate.promise;
      ran.push(t.milliseconds);
    });
    ssc.start();
    await clock.fire(3000); // batch 1000 starts and blocks; 2000 and 3000 wait in the queue
    await settle();
    return { ssc, clock, gate, ran };
  }

  it("gracefully: finishes the running batch and every queued one before resolving", async () => {
    const { ssc, clock, gate, ran } = await queuedBatches();
    expect(ran).toEqual([]);
    let stopped = false;
    const stopping = ssc.stop({ stopGracefully: true }).then(() => {
      stopped = true;
    });
    expect(ssc.getState()).toBe("STOPPED");
    await clock.fire(10_000); // no new batches after stop
    await settle();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(ran).toEqual([1000, 2000, 3000]);
  });

  it("not gracefully: finishes only the running batch and drops the queued ones", async () => {
    const { ssc, gate, ran } = await queuedBatches();
    const stopping = ssc.stop();
    gate.resolve();
    await stopping;
    expect(ran).toEqual([1000]);
  });

  it("on a ManualClock, a graceful stop between advances has nothing left to run", async () => {
    const { ssc, clock } = await manualContext();
    const out = collectOutput(ssc.queueStream([[1], [2]]));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop({ stopGracefully: true });
    expect(out.map((b) => b.records)).toEqual([[1]]);
  });
});

describe("StreamingContext durations", () => {
  const sc = new BatchContext();

  it("rejects a zero batch interval with IllegalArgumentError naming the fix", () => {
    expect(() => new StreamingContext(sc, Seconds(0))).toThrow(IllegalArgumentError);
    expect(() => new StreamingContext(sc, Milliseconds(0))).toThrow(
      /must be positive.*Fix: use e\.g\. Milliseconds\(100\)/,
    );
  });

  it("rejects a bare number as the batch interval, saying to wrap it", () => {
    expect(() => new StreamingContext(sc, 1000 as never)).toThrow(InvalidDurationError);
    expect(() => new StreamingContext(sc, 1000 as never)).toThrow(
      /got the number 1000.*Fix: wrap it, e\.g\. Seconds\(10\)/,
    );
  });

  it("rejects a bare number for remember", () => {
    const ssc = new StreamingContext(sc, Seconds(1), { clock: new ManualClock() });
    expect(() => ssc.remember(5000 as never)).toThrow(InvalidDurationError);
  });

  it("accepts sub-second batch intervals", async () => {
    await StreamingContext.getActive()?.stop();
    const clock = new ManualClock();
    const ssc = new StreamingContext(sc, Milliseconds(250), { clock });
    const out = collectOutput(ssc.queueStream([[1], [2], [3], [4]]));
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(out.map((b) => b.time)).toEqual([250, 500, 750, 1000]);
  });

  it("exposes the batch context as sparkContext (Spark's name)", () => {
    const ssc = new StreamingContext(sc, Seconds(1), { clock: new ManualClock() });
    expect(ssc.sparkContext).toBe(sc);
    expect(ssc.batchDuration.milliseconds).toBe(1000);
  });
});
