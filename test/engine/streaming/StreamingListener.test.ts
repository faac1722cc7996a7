import { afterEach, describe, expect, it, vi } from "vitest";
import {
  BatchContext,
  type BatchInfo,
  Seconds,
  StreamingContext,
  type StreamingListener,
} from "../../../engine";
import {
  collectBatches,
  collectOutput,
  deferred,
  FiringClock,
  manualContext,
  settle,
} from "../../helpers/testStreams";

afterEach(async () => {
  vi.restoreAllMocks();
  await StreamingContext.getActive()?.stop();
});

/** A listener that records every event as one line. */
function recorder(): { events: string[]; listener: StreamingListener } {
  const events: string[] = [];
  const b = (name: string) => (info: BatchInfo) => events.push(`${name} ${info.batchTime.milliseconds}`);
  return {
    events,
    listener: {
      onStreamingStarted: () => events.push("streamingStarted"),
      onStreamingStopped: () => events.push("streamingStopped"),
      onBatchSubmitted: b("batchSubmitted"),
      onBatchStarted: b("batchStarted"),
      onBatchCompleted: b("batchCompleted"),
      onOutputOperationStarted: (o) =>
        events.push(`opStarted ${o.batchTime.milliseconds} #${o.id} ${o.name}`),
      onOutputOperationCompleted: (o) =>
        events.push(`opCompleted ${o.batchTime.milliseconds} #${o.id} ${o.name}`),
      onError: (e) => events.push(`error ${e.name}`),
    },
  };
}

describe("StreamingListener", () => {
  it("posts batch and output-operation events in order", async () => {
    const { ssc, clock } = await manualContext();
    const { events, listener } = recorder();
    ssc.addStreamingListener(listener);
    const s = ssc.queueStream([["a"], ["b"]]);
    s.foreachRDD(() => {});
    s.count().foreachRDD(() => {});
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    const batch = (t: number) => [
      `batchSubmitted ${t}`,
      `batchStarted ${t}`,
      `opStarted ${t} #0 foreachRDD`,
      `opCompleted ${t} #0 foreachRDD`,
      `opStarted ${t} #1 foreachRDD`,
      `opCompleted ${t} #1 foreachRDD`,
      `batchCompleted ${t}`,
    ];
    expect(events).toEqual(["streamingStarted", ...batch(1000), ...batch(2000), "streamingStopped"]);
  });

  it("posts onError between the failed operation's start and completion", async () => {
    const { ssc, clock } = await manualContext();
    const { events, listener } = recorder();
    ssc.addStreamingListener(listener);
    ssc.queueStream([[1]]).foreachRDD(() => {
      throw new Error("x");
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(events.slice(3, 6)).toEqual([
      "opStarted 1000 #0 foreachRDD",
      "error BatchFailedError",
      "opCompleted 1000 #0 foreachRDD",
    ]);
  });

  it("stops calling a removed listener", async () => {
    const { ssc, clock } = await manualContext();
    const { events, listener } = recorder();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    ssc.addStreamingListener(listener);
    ssc.start();
    await clock.advance(Seconds(1));
    ssc.removeStreamingListener(listener);
    const before = events.length;
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(events.length).toBe(before);
  });

  it("a listener that throws is skipped: the stream and the other listeners go on", async () => {
    const { ssc, clock } = await manualContext();
    const errorLog = vi.spyOn(console, "error").mockImplementation(() => {});
    ssc.addStreamingListener({
      onBatchStarted: () => {
        throw new Error("listener bug");
      },
      onBatchCompleted: () => {
        throw new Error("listener bug");
      },
    });
    const infos = collectBatches(ssc);
    const out = collectOutput(ssc.queueStream([[1], [2], [3]]));
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(out.map((b) => b.records)).toEqual([[1], [2], [3]]);
    expect(infos.map((i) => i.batchTime.milliseconds)).toEqual([1000, 2000, 3000]);
    expect(infos.every((i) => i.failures.length === 0)).toBe(true);
    expect(errorLog).toHaveBeenCalledWith(
      expect.stringContaining("StreamingListener.onBatchStarted threw and was skipped"),
      expect.any(Error),
    );
  });
});

describe("BatchInfo", () => {
  it("counts the records the queue stream put into each batch", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([["a", "b"], [], ["c", "d", "e"]]).foreachRDD(() => {});
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(3));
    await ssc.stop();
    expect(infos.map((i) => i.numRecords)).toEqual([2, 0, 3]);
    const input = [...infos[0]!.streamIdToInputInfo.values()];
    expect(input).toEqual([{ inputStreamId: expect.any(Number), numRecords: 2 }]);
  });

  it("has delays that are defined and >= 0 once a batch completes, and output-operation times", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1], [2]]).foreachRDD(() => {});
    const infos = collectBatches(ssc);
    ssc.start();
    await clock.advance(Seconds(2));
    await ssc.stop();
    for (const info of infos) {
      for (const d of [info.schedulingDelay, info.processingDelay, info.totalDelay]) {
        expect(d).toBeDefined();
        expect(d).toBeGreaterThanOrEqual(0);
      }
      expect(info.submissionTime).toBe(info.batchTime.milliseconds);
      const op = info.outputOperationInfos.get(0)!;
      expect(op.startTime).toBeGreaterThanOrEqual(info.processingStartTime!);
      expect(op.endTime).toBeLessThanOrEqual(info.processingEndTime!);
      expect(op.description).toMatch(/^foreachRDD at QueueInputDStream/);
    }
  });

  it("measures scheduling and processing delay on the context's clock when batches queue up", async () => {
    await StreamingContext.getActive()?.stop();
    const clock = new FiringClock();
    const ssc = new StreamingContext(new BatchContext(), Seconds(1), { clock, logErrors: false });
    const gate = deferred();
    ssc.queueStream([[1], [2]]).foreachRDD(async (_r, t) => {
      if (t.milliseconds === 1000) await gate.promise;
    });
    const infos = collectBatches(ssc);
    const submitted: number[] = [];
    ssc.addStreamingListener({ onBatchSubmitted: (b) => submitted.push(b.batchTime.milliseconds) });
    ssc.start();
    await clock.fire(2000);
    await settle();
    expect(submitted).toEqual([1000, 2000]);
    await clock.fire(3500); // batch 1000 is still running at 3.5 s (batch 3000 queues behind it)
    gate.resolve();
    await settle();
    await ssc.stop();
    const [first, second] = infos;
    expect(first!.schedulingDelay).toBe(0);
    expect(first!.processingDelay).toBe(2500);
    expect(first!.totalDelay).toBe(2500);
    expect(second!.schedulingDelay).toBe(1500);
    expect(second!.processingDelay).toBe(0);
    expect(second!.totalDelay).toBe(1500);
  });

  it("leaves delays undefined until the batch has started and ended", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream<number>([]).foreachRDD(() => {});
    const submitted: { scheduling: number | undefined; total: number | undefined }[] = [];
    ssc.addStreamingListener({
      onBatchSubmitted: (b) => submitted.push({ scheduling: b.schedulingDelay, total: b.totalDelay }),
    });
    ssc.start();
    await clock.advance(Seconds(1));
    await ssc.stop();
    expect(submitted).toEqual([{ scheduling: undefined, total: undefined }]);
  });
});
