import { afterEach, describe, expect, it } from "vitest";
import {
  IllegalArgumentError,
  IllegalStateError,
  Milliseconds,
  type ReceiverInfo,
  Seconds,
  StreamingContext,
} from "../../../engine";
import { TestReceiver } from "../../helpers/TestReceiver";
import { collectBatches, collectOutput, manualContext } from "../../helpers/testStreams";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/** Every receiver event a context posts, as `event: state (message)`. */
function receiverEvents(ssc: StreamingContext): { log: string[]; infos: ReceiverInfo[] } {
  const log: string[] = [];
  const infos: ReceiverInfo[] = [];
  const note = (event: string) => (info: ReceiverInfo) => {
    infos.push(info);
    log.push(
      `${event}@${ssc.clock.now()}: ${info.state}${info.lastErrorMessage ? ` (${info.lastErrorMessage})` : ""}`,
    );
  };
  ssc.addStreamingListener({
    onReceiverStarted: note("started"),
    onReceiverError: note("error"),
    onReceiverStopped: note("stopped"),
  });
  return { log, infos };
}

describe("receiverStream: a batch holds what the receiver stored in its interval", () => {
  it("puts each record in the batch of the interval it was stored in, several blocks per batch", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>();
    const stream = ssc.receiverStream(receiver);
    const out = collectOutput(stream);
    const partitions: number[] = [];
    stream.foreachRDD((rdd) => {
      partitions.push(rdd.numPartitions);
    });
    ssc.start();
    receiver.push("a", "b"); // at 0 ms
    await clock.advance(Milliseconds(300)); // the 200 ms block tick cuts a block
    receiver.push("c"); // at 300 ms
    await clock.advance(Milliseconds(700)); // batch 1000
    receiver.push("d");
    await clock.advance(Seconds(1)); // batch 2000
    await clock.advance(Seconds(1)); // batch 3000: nothing stored
    expect(out).toEqual([
      { time: 1000, records: ["a", "b", "c"] },
      { time: 2000, records: ["d"] },
      { time: 3000, records: [] },
    ]);
    expect(partitions).toEqual([2, 1, 0]);
  });

  it("cuts the block at the batch boundary: a record stored at 999 ms is in batch 1000, not 2000", async () => {
    const { ssc, clock } = await manualContext({ blockInterval: Seconds(5) });
    const receiver = new TestReceiver<number>();
    const out = collectOutput(ssc.receiverStream(receiver));
    ssc.start();
    await clock.advance(Milliseconds(999));
    receiver.push(1);
    await clock.advance(Milliseconds(1));
    receiver.push(2);
    await clock.advance(Seconds(1));
    expect(out.map((b) => b.records)).toEqual([[1], [2]]);
  });

  it("storeBlock resolves once the block is stored; records stored before it stay first", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>();
    const out = collectOutput(ssc.receiverStream(receiver));
    ssc.start();
    receiver.push("one by one");
    let stored = false;
    const done = receiver.storeBlock(["x", "y"], { offset: 41 }).then(() => {
      stored = true;
    });
    await done;
    expect(stored).toBe(true);
    const infos = collectBatches(ssc);
    await clock.advance(Seconds(1));
    expect(out[0]!.records).toEqual(["one by one", "x", "y"]);
    expect(infos[0]!.streamIdToInputInfo.get(0)?.metadata).toEqual({ blocks: [{}, { offset: 41 }] });
  });

  it("counts what each batch received for the monitor, and the records stored in the status", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const stream = ssc.receiverStream(receiver);
    stream.foreachRDD(() => {});
    const infos = collectBatches(ssc);
    ssc.start();
    receiver.push(1, 2, 3);
    await clock.advance(Seconds(1));
    expect(infos[0]!.numRecords).toBe(3);
    expect(stream.receiverInfo).toMatchObject({
      state: "active",
      recordsStored: 3,
      restarts: 0,
      name: "test receiver",
    });
  });

  it("unions several receivers: each batch holds the records of all of them", async () => {
    const { ssc, clock } = await manualContext();
    const a = new TestReceiver<string>("a");
    const b = new TestReceiver<string>("b");
    const out = collectOutput(ssc.receiverStream(a).union(ssc.receiverStream(b)));
    ssc.start();
    a.push("a1");
    b.push("b1", "b2");
    await clock.advance(Seconds(1));
    b.push("b3");
    await clock.advance(Seconds(1));
    expect(out.map((o) => o.records.sort())).toEqual([["a1", "b1", "b2"], ["b3"]]);
  });

  it("refuses a receiver given to two streams, and store() before the receiver has a stream", async () => {
    const { ssc } = await manualContext();
    const receiver = new TestReceiver<number>();
    expect(() => receiver.store(1)).toThrow(
      /before the receiver was given to a stream.*Fix: pass it to ssc.receiverStream/,
    );
    ssc.receiverStream(receiver);
    expect(() => ssc.receiverStream(receiver)).toThrow(IllegalStateError);
    expect(() => ssc.receiverStream(new TestReceiver(), { maxRate: -5 })).toThrow(IllegalArgumentError);
  });
});

describe("receiverStream: rate limits", () => {
  it("holds a receiver to maxRate per batch, keeping every record for later batches", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const out = collectOutput(ssc.receiverStream(receiver, { maxRate: 10 }));
    ssc.start();
    receiver.push(...Array.from({ length: 35 }, (_, i) => i));
    await clock.advance(Seconds(4));
    expect(out.map((b) => b.records.length)).toEqual([10, 10, 10, 5]);
    expect(out.flatMap((b) => b.records)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it("asks the source to pause past the high-water mark and to resume once drained", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const stream = ssc.receiverStream(receiver, { maxRate: 100 });
    stream.foreachRDD(() => {});
    ssc.start();
    receiver.push(...Array.from({ length: 63 }, (_, i) => i));
    expect(receiver.lastStoreResult).toBe(true);
    receiver.push(63); // the 64th waiting record: the mark (max(64, 100/s · 0.2 s))
    expect(receiver.lastStoreResult).toBe(false);
    expect(receiver.log).toEqual(["start", "pause"]);
    expect(stream.receiverInfo.paused).toBe(true);
    await clock.advance(Milliseconds(330)); // 33 admitted: 31 wait, under half the mark
    expect(receiver.log).toEqual(["start", "pause", "resume"]);
    expect(stream.receiverInfo.paused).toBe(false);
  });

  it("limits each receiver to the context's receiverMaxRate, which a source's own maxRate overrides", async () => {
    const { ssc, clock } = await manualContext({ receiverMaxRate: 5 });
    const slow = new TestReceiver<number>("slow");
    const fast = new TestReceiver<number>("fast");
    const a = collectOutput(ssc.receiverStream(slow));
    const b = collectOutput(ssc.receiverStream(fast, { maxRate: 20 }));
    ssc.start();
    slow.push(...Array.from({ length: 50 }, (_, i) => i));
    fast.push(...Array.from({ length: 50 }, (_, i) => i));
    await clock.advance(Seconds(1));
    expect([a[0]!.records.length, b[0]!.records.length]).toEqual([5, 20]);
  });

  it("starts at backpressure's initialRate and follows the published estimate from then on", async () => {
    const { ssc, clock } = await manualContext({ backpressure: { initialRate: 10 } });
    const receiver = new TestReceiver<number>();
    const stream = ssc.receiverStream(receiver, { maxRate: 50 });
    const out = collectOutput(stream);
    ssc.start();
    receiver.push(...Array.from({ length: 200 }, (_, i) => i));
    await clock.advance(Seconds(1));
    expect(stream.receiverInfo.rateLimit).toBe(10);
    stream.supervisor.updateRate(30); // what the rate controller does after a batch
    await clock.advance(Seconds(1));
    stream.supervisor.updateRate(500); // held to maxRate
    await clock.advance(Seconds(1));
    expect(out.map((b) => b.records.length)).toEqual([10, 30, 50]);
    expect(stream.receiverInfo.rateLimit).toBe(50);
  });

  it("publishes the PID estimate of every completed batch to its receiver (backpressure)", async () => {
    const { ssc } = await manualContext({ backpressure: { targetUtilization: 1 } });
    const stream = ssc.receiverStream(new TestReceiver<number>());
    const controller = stream.rateController!;
    const batch = (time: number, records: number, start: number, end: number) =>
      ({
        batchTime: { milliseconds: time },
        submissionTime: time,
        processingStartTime: start,
        processingEndTime: end,
        processingDelay: end - start,
        schedulingDelay: start - time,
        streamIdToInputInfo: new Map([
          [stream.inputId, { inputStreamId: stream.inputId, numRecords: records }],
        ]),
      }) as never;
    controller.onBatchCompleted(batch(1000, 10_000, 1000, 3000)); // calibrates: 5,000/s
    expect(controller.latestRate).toBeUndefined();
    controller.onBatchCompleted(batch(2000, 5000, 3000, 5000)); // 2,500/s after 1 s waiting: 2000
    expect(controller.latestRate).toBe(2000);
    expect(stream.receiverInfo.rateLimit).toBe(2000);
  });

  it("aims at 90% of the interval by default: the estimator sees processing time / 0.9", async () => {
    const { ssc } = await manualContext({ backpressure: true });
    const stream = ssc.receiverStream(new TestReceiver<number>());
    const batch = (time: number, records: number, start: number, end: number) =>
      ({
        processingEndTime: end,
        processingDelay: end - start,
        schedulingDelay: start - time,
        streamIdToInputInfo: new Map([
          [stream.inputId, { inputStreamId: stream.inputId, numRecords: records }],
        ]),
      }) as never;
    // 900 records in 900 ms reads as 1,000 ms: 900/s, and with no error the rate stays there.
    stream.rateController!.onBatchCompleted(batch(1000, 900, 1000, 1900));
    stream.rateController!.onBatchCompleted(batch(2000, 900, 2000, 2900));
    expect(stream.rateController!.latestRate).toBeCloseTo(900);
    await expect(manualContext({ backpressure: { targetUtilization: 1.5 } })).rejects.toThrow(
      /targetUtilization must be in \(0, 1\]/,
    );
  });
});

describe("receiverStream: failures, restarts and stopping", () => {
  it("restarts a receiver whose onStart throws, with a wait that doubles, and reports each error", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>("flaky", 3);
    const stream = ssc.receiverStream(receiver);
    stream.foreachRDD(() => {});
    const { log } = receiverEvents(ssc);
    ssc.start();
    await clock.advance(Milliseconds(0));
    await clock.advance(Seconds(4));
    expect(log).toEqual([
      "error@0: restarting (flaky failed to start: the source is not there yet)",
      "error@500: restarting (flaky failed to start: the source is not there yet)",
      "error@1500: restarting (flaky failed to start: the source is not there yet)",
      "started@3500: active (flaky failed to start: the source is not there yet)",
    ]);
    expect(stream.receiverInfo).toMatchObject({ state: "active", restarts: 3, lastErrorTime: 1500 });
  });

  it("restart() from the receiver stops it, waits, and starts it again; records flowing reset the backoff", async () => {
    const { ssc, clock } = await manualContext({ receiverRestartDelay: Milliseconds(100) });
    const receiver = new TestReceiver<number>();
    const out = collectOutput(ssc.receiverStream(receiver));
    const { log } = receiverEvents(ssc);
    ssc.start();
    await clock.advance(Milliseconds(0));
    receiver.restart("the peer closed the connection");
    expect(receiver.isStarted()).toBe(false);
    await clock.advance(Milliseconds(100));
    receiver.restart("the peer closed the connection again");
    await clock.advance(Milliseconds(200)); // the second failure in a row waits twice as long
    receiver.push(7);
    receiver.restart("and again, after records flowed");
    await clock.advance(Milliseconds(100)); // back to the first delay
    expect(receiver.log).toEqual(["start", "stop", "start", "stop", "start", "stop", "start"]);
    expect(log.map((l) => l.replace(/ \(.*/, ""))).toEqual([
      "started@0: active",
      "error@0: restarting",
      "started@100: active",
      "error@100: restarting",
      "started@300: active",
      "error@300: restarting",
      "started@400: active",
    ]);
    await clock.advance(Milliseconds(600));
    expect(out[0]!.records).toEqual([7]);
  });

  it("counts bad records per batch, shows the last one on the status, and tells listeners once per batch", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<string>();
    const stream = ssc.receiverStream(receiver);
    stream.foreachRDD(() => {});
    const infos = collectBatches(ssc);
    const { log } = receiverEvents(ssc);
    ssc.start();
    await clock.advance(Milliseconds(0));
    receiver.push("good");
    receiver.reportBadRecord("line 2 is not valid UTF-8. Fix: send UTF-8 text.");
    receiver.reportBadRecord("line 3 is not valid UTF-8. Fix: send UTF-8 text.");
    await clock.advance(Seconds(1));
    receiver.reportBadRecord("line 9 is longer than 1 MiB. Fix: raise maxLineBytes.");
    await clock.advance(Seconds(1));
    const input = infos.map((b) => b.streamIdToInputInfo.get(stream.inputId));
    expect(input.map((i) => [i?.numRecords, i?.badRecords])).toEqual([
      [1, 2],
      [0, 1],
    ]);
    expect(input[0]?.lastBadRecord).toMatch(/line 3/);
    expect(log.filter((l) => l.startsWith("error"))).toHaveLength(2);
    expect(stream.receiverInfo).toMatchObject({ badRecords: 3, state: "active" });
    expect(stream.receiverInfo.lastErrorMessage).toMatch(/line 9 is longer than 1 MiB\. Fix/);
  });

  it("stops every receiver with the context: onStop once, a stopped event, and store() after it is ignored", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const stream = ssc.receiverStream(receiver);
    stream.foreachRDD(() => {});
    const { log } = receiverEvents(ssc);
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(receiver.log).toEqual(["start", "stop"]);
    expect(log.at(-1)).toBe("stopped@1000: stopped");
    expect(receiver.store(1)).toBe(false);
    expect(receiver.isStopped()).toBe(true);
    await expect(receiver.storeBlock([1])).rejects.toThrow(/is stopped.*Do not acknowledge/);
  });

  it("a receiver that stops itself leaves the context running, its error on the status", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const stream = ssc.receiverStream(receiver);
    const out = collectOutput(stream);
    ssc.start();
    await clock.advance(Milliseconds(0));
    receiver.push(1);
    receiver.stop("wrong credentials. Fix: check the token.", new Error("401 Unauthorized"));
    await clock.advance(Seconds(2));
    expect(out.map((b) => b.records)).toEqual([[1], []]);
    expect(ssc.getState()).toBe("ACTIVE");
    expect(stream.receiverInfo).toMatchObject({
      state: "stopped",
      lastErrorMessage: "wrong credentials. Fix: check the token.: 401 Unauthorized",
    });
  });
});

describe("receiverStream: a graceful stop", () => {
  it("stops the receivers first, then runs batches until every record they stored is in one", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const out = collectOutput(ssc.receiverStream(receiver, { maxRate: 10 }));
    ssc.start();
    receiver.push(...Array.from({ length: 25 }, (_, i) => i));
    await clock.advance(Seconds(1));
    let stopped = false;
    const stopping = ssc.stop({ stopGracefully: true }).then(() => {
      stopped = true;
    });
    await clock.advance(Seconds(1));
    expect(receiver.log).toEqual(["start", "stop"]);
    expect(stopped).toBe(false); // batch 2000 still had to come
    await stopping;
    // Stopping stored what was waiting for the rate limiter: the last batch takes it all.
    expect(out.map((b) => b.records.length)).toEqual([10, 15]);
  });

  it("a stop that is not graceful drops what no batch has taken yet", async () => {
    const { ssc, clock } = await manualContext();
    const receiver = new TestReceiver<number>();
    const out = collectOutput(ssc.receiverStream(receiver));
    ssc.start();
    receiver.push(1);
    await clock.advance(Seconds(1));
    receiver.push(2);
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([[1]]);
  });
});
