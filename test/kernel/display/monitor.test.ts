import { afterEach, describe, expect, it } from "vitest";
import { BatchContext, type BatchInfo, Seconds, StreamingContext } from "../../../engine";
import {
  MONITOR_METRICS,
  monitor,
  NoCellOutputError,
  VEGALITE_MIME,
  type VegaLiteSpec,
} from "../../../kernel/display";
import { cellOutputStorage } from "../../../kernel/output";
import { collectBatches, deferred, FiringClock, manualContext, settle } from "../../helpers/testStreams";
import { RecordingOutput } from "./RecordingOutput";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

describe("monitor", () => {
  it("shows per-batch input rate, delays and processing time that match BatchInfo, live in one display", async () => {
    // A clock that moves while a batch runs, so processing times and queueing are real numbers.
    await StreamingContext.getActive()?.stop();
    const clock = new FiringClock();
    const ssc = new StreamingContext(new BatchContext({ parallelism: 2 }), Seconds(1), {
      clock,
      logErrors: false,
    });
    const gates = [deferred(), deferred(), deferred()];
    let batch = 0;
    ssc.queueStream([["a", "b", "c"], ["d"], ["e", "f"]]).foreachRDD(async (rdd) => {
      rdd.count();
      await gates[batch++]!.promise;
    });
    const infos: BatchInfo[] = collectBatches(ssc);
    const out = new RecordingOutput();
    const m = cellOutputStorage.run(out, () => monitor(ssc, { minIntervalMs: 0, maxBusyFraction: 1 }));
    ssc.start();

    await clock.fire(1000); // batch 1 starts, held open
    await settle();
    expect(m.runningBatches).toBe(1);
    await clock.fire(1300);
    gates[0]!.resolve(); // batch 1 took 300 ms
    await settle();
    await clock.fire(2000); // batch 2 starts, held open
    await clock.fire(3000); // batch 3 waits behind it
    await settle();
    expect([m.runningBatches, m.queuedBatches]).toEqual([1, 1]);
    await m.idle();
    expect(out.latest(m.displayId)!["text/plain"]).toContain("running: 1; queued: 1");
    await clock.fire(3400);
    gates[1]!.resolve(); // batch 2 ends at 3400; batch 3 starts 400 ms late
    await settle();
    await clock.fire(3500);
    gates[2]!.resolve();
    await settle();
    await m.idle();

    expect(infos).toHaveLength(3);
    expect(
      m.batches.map((b) => [
        b.time,
        b.numRecords,
        b.inputRate,
        b.schedulingDelay,
        b.processingTime,
        b.totalDelay,
      ]),
    ).toEqual(
      infos.map((i) => [
        i.batchTime.milliseconds,
        i.numRecords,
        i.numRecords,
        i.schedulingDelay,
        i.processingDelay,
        i.totalDelay,
      ]),
    );
    // The numbers the clock made, so the comparison above is not vacuous.
    expect(m.batches.map((b) => [b.schedulingDelay, b.processingTime, b.totalDelay])).toEqual([
      [0, 300, 300],
      [0, 1400, 1400],
      [400, 100, 500],
    ]);

    expect(out.displays).toHaveLength(1);
    expect(new Set(out.updates.map((u) => u.displayId))).toEqual(new Set([m.displayId]));
    const bundle = out.latest(m.displayId)!;
    const values = (
      (bundle[VEGALITE_MIME] as VegaLiteSpec).data as {
        values: { time: number; metric: string; value: number }[];
      }
    ).values;
    const processing = values.filter((v) => v.metric === MONITOR_METRICS[2].label).map((v) => v.value);
    expect(processing).toEqual([300, 1400, 100]);
    const text = bundle["text/plain"] as string;
    expect(text).toContain("Completed batches: 3 (6 records); running: 0; queued: 0; failed: 0.");
    expect(text).toContain("Last batch: 3000 ms.");
    expect(text).toMatch(/QueueInputDStream\[0\] \(queueStream\)\s+2\s+6/);
    const html = bundle["text/html"] as string;
    expect(html).toContain("<svg");
    expect(html).toContain("processing time (ms)");
  });

  it("counts failed batches and shows the last failure", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1], [2]]).foreachRDD((rdd) => {
      if (rdd.first() === 2) throw new Error("bad record 2");
    });
    const out = new RecordingOutput();
    const m = cellOutputStorage.run(out, () => monitor(ssc, { minIntervalMs: 0, maxBusyFraction: 1 }));
    ssc.start();
    await clock.advance(Seconds(2));
    await m.idle();
    expect(m.failedBatches).toBe(1);
    expect(out.latest(m.displayId)!["text/plain"]).toContain("Last failure: Batch 2000 ms failed");
  });

  it("stop() detaches it: later batches change nothing", async () => {
    const { ssc, clock } = await manualContext();
    ssc.queueStream([[1], [2], [3]]).foreachRDD(() => {});
    const out = new RecordingOutput();
    const m = cellOutputStorage.run(out, () => monitor(ssc, { minIntervalMs: 0, maxBusyFraction: 1 }));
    ssc.start();
    await clock.advance(Seconds(1));
    await m.idle();
    m.stop();
    const calls = out.calls.length;
    await clock.advance(Seconds(2));
    await m.idle();
    expect(m.completedBatches).toBe(1);
    expect(out.calls).toHaveLength(calls);
  });

  it("needs a cell", async () => {
    const { ssc } = await manualContext();
    expect(() => monitor(ssc)).toThrow(NoCellOutputError);
  });
});
