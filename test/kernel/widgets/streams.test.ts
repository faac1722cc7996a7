import { afterEach, describe, expect, it } from "vitest";
import { Seconds, StreamingContext } from "../../../engine";
import { cellOutputStorage, routeStdioToCells } from "../../../kernel/output";
import { controls, slider } from "../../../kernel/widgets";
import { manualContext } from "../../helpers/testStreams";
import { widgetWorld } from "./setup";

// Controls and running streams, on a ManualClock: the engine knows nothing of widgets.

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

describe("a parameter bound with onChange", () => {
  it("is read by the running stream at its next batch", async () => {
    const { ssc, clock } = await manualContext();
    const { frontEnd, options } = widgetWorld();
    let threshold = 5;
    const s = slider({
      min: 0,
      max: 10,
      value: threshold,
      description: "threshold",
      ...options,
      onChange: (v) => (threshold = v),
    });
    const counts: number[] = [];
    ssc
      .generatorStream(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
      .filter((x) => x > threshold)
      .count()
      .foreachRDD((rdd) => {
        counts.push(rdd.first());
      });
    ssc.start();
    await clock.advance(Seconds(1));
    frontEnd.update(s.modelId, { value: 8 }); // the user drags the slider
    await clock.advance(Seconds(1));
    s.value = 2; // a later cell sets it
    await clock.advance(Seconds(1));
    expect(counts).toEqual([5, 2, 8]);
    expect(frontEnd.model(s.modelId).state.value).toBe(2);
  });

  it("a throwing callback leaves the stream running", async () => {
    routeStdioToCells();
    const { ssc, clock } = await manualContext();
    const { frontEnd, output, widgets } = widgetWorld();
    let decay = 0.5;
    const s = cellOutputStorage.run(output, () =>
      slider({
        min: 0,
        max: 2,
        value: decay,
        widgets,
        onChange: (v) => {
          if (v > 1) throw new RangeError(`decay must be at most 1, got ${v}`);
          decay = v;
        },
      }),
    );
    const seen: number[] = [];
    ssc
      .generatorStream(() => [1])
      .foreachRDD(() => {
        seen.push(decay);
      });
    ssc.start();
    await clock.advance(Seconds(1));
    frontEnd.update(s.modelId, { value: 1.5 });
    await clock.advance(Seconds(1));
    frontEnd.update(s.modelId, { value: 0.75 });
    await clock.advance(Seconds(1));
    expect(seen).toEqual([0.5, 0.5, 0.75]);
    expect(output.errors.map((e) => e.evalue)).toEqual([
      expect.stringMatching(/onChange threw RangeError: decay must be at most 1, got 1\.5/),
    ]);
    expect(ssc.getState()).toBe("ACTIVE");
  });
});

describe("controls(ssc)", () => {
  it("Start and Stop drive the context, and the counter updates on every batch", async () => {
    const { ssc, clock } = await manualContext();
    const { frontEnd, output, options } = widgetWorld();
    ssc
      .generatorStream(() => ["x"])
      .count()
      .foreachRDD(() => {});
    const c = controls(ssc, options);
    const state = (id: string) => frontEnd.model(id).state;
    // One display: an HBox of [Start, Stop, status].
    expect(output.displays).toHaveLength(1);
    expect(state(c.modelId)).toMatchObject({
      _model_name: "HBoxModel",
      children: [c.start, c.stop, c.status].map((w) => `IPY_MODEL_${w.modelId}`),
    });
    expect(output.displays[0]!["text/plain"]).toBe("StreamControls(Start, Stop, 'not started · 0 batches')");
    expect([state(c.start.modelId).disabled, state(c.stop.modelId).disabled]).toEqual([false, true]);

    frontEnd.click(c.start.modelId);
    expect(ssc.getState()).toBe("ACTIVE");
    expect([state(c.start.modelId).disabled, state(c.stop.modelId).disabled]).toEqual([true, false]);
    const labels: string[] = [];
    for (let i = 0; i < 3; i++) {
      await clock.advance(Seconds(1));
      labels.push(state(c.status.modelId).value);
    }
    expect(labels).toEqual([
      "running · 1 batch · last batch 1000 ms, took 0 ms",
      "running · 2 batches · last batch 2000 ms, took 0 ms",
      "running · 3 batches · last batch 3000 ms, took 0 ms",
    ]);
    expect(c.completedBatches).toBe(3);

    frontEnd.click(c.stop.modelId);
    await ssc.awaitTermination();
    expect(state(c.status.modelId).value).toBe("stopped · 3 batches · last batch 3000 ms, took 0 ms");
    // A stopped context cannot restart: both buttons are off, and Start says why.
    expect(state(c.start.modelId)).toMatchObject({
      disabled: true,
      tooltip: expect.stringMatching(/cannot restart/),
    });
    expect(state(c.stop.modelId).disabled).toBe(true);
    await clock.advance(Seconds(1));
    expect(c.completedBatches).toBe(3);
  });

  it("follows a context started and stopped from code", async () => {
    const { ssc, clock } = await manualContext();
    const { frontEnd, options } = widgetWorld();
    ssc.generatorStream(() => [1]).foreachRDD(() => {});
    const c = controls(ssc, options);
    ssc.start();
    await clock.advance(Seconds(1));
    expect(frontEnd.model(c.start.modelId).state.disabled).toBe(true);
    expect(frontEnd.model(c.status.modelId).state.value).toMatch(/^running · 1 batch/);
    await ssc.stop();
    expect(frontEnd.model(c.status.modelId).state.value).toMatch(/^stopped · 1 batch/);
  });

  it("a Start that the engine refuses shows its error in the cell, and the controls go on", async () => {
    const { ssc } = await manualContext();
    const { frontEnd, output, options } = widgetWorld();
    const c = controls(ssc, options); // no output operation: the engine refuses to start
    frontEnd.click(c.start.modelId);
    expect(ssc.getState()).toBe("INITIALIZED");
    expect(output.errors).toHaveLength(1);
    expect(output.errors[0]!.evalue).toMatch(
      /^Button "Start": onClick threw IllegalStateError: No output operations registered, so nothing to execute\./,
    );
    expect(frontEnd.model(c.start.modelId).state.disabled).toBe(false);
  });

  it("close() stops listening and removes every part; the stream is not touched", async () => {
    const { ssc, clock } = await manualContext();
    const { frontEnd, widgets, options } = widgetWorld();
    ssc.generatorStream(() => [1]).foreachRDD(() => {});
    const c = controls(ssc, options);
    ssc.start();
    c.close();
    await clock.advance(Seconds(1));
    expect(c.completedBatches).toBe(0);
    expect(widgets.open).toEqual([]);
    expect([...frontEnd.models.values()].every((m) => m.closed)).toBe(true);
    expect(ssc.getState()).toBe("ACTIVE");
  });
});
