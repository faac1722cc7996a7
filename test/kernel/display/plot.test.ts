import { afterEach, describe, expect, it } from "vitest";
import { Seconds, StreamingContext } from "../../../engine";
import {
  ChartRenderError,
  InvalidChartError,
  type LiveChart,
  NoCellOutputError,
  type PlotOptions,
  plot,
  renderSvg,
  toMimeBundle,
  VEGALITE_MIME,
  type VegaLiteSpec,
} from "../../../kernel/display";
import { cellOutputStorage } from "../../../kernel/output";
import { collectOutput, deferred, manualContext } from "../../helpers/testStreams";
import { RecordingOutput } from "./RecordingOutput";

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

/** plot() as a cell would call it: inside the cell's output context. */
function plotInCell<T>(out: RecordingOutput, ...args: Parameters<typeof plot<T>>): LiveChart {
  return cellOutputStorage.run(out, () => plot(...args));
}

function dataOf(bundle: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return ((bundle![VEGALITE_MIME] as VegaLiteSpec).data as { values: Record<string, unknown>[] }).values;
}

describe("plot", () => {
  it("keeps ONE display in the calling cell and updates it in place on every batch", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const chart = plotInCell(out, ssc.queueStream([[1, 2], [3], [4, 5, 6]]).count(), {
      minIntervalMs: 0,
      maxBusyFraction: 1,
    });
    ssc.start();
    for (let i = 0; i < 3; i++) {
      await clock.advance(Seconds(1));
      await chart.idle();
    }
    expect(out.displays).toHaveLength(1);
    const id = out.displays[0]!.displayId;
    expect(id).toBe(chart.displayId);
    // The first picture (empty chart), then one per batch, all under the same id.
    expect(out.updates.map((u) => u.displayId)).toEqual([id, id, id, id]);
    expect(dataOf(out.latest(id!))).toEqual([
      { time: 1000, value: 2 },
      { time: 2000, value: 1 },
      { time: 3000, value: 3 },
    ]);
  });

  it("updates the cell that called plot(), not the cell running when a batch arrives", async () => {
    const { ssc, clock } = await manualContext();
    const plotCell = new RecordingOutput();
    const laterCell = new RecordingOutput();
    const chart = plotInCell(plotCell, ssc.queueStream([[1]]).count(), {
      minIntervalMs: 0,
      maxBusyFraction: 1,
    });
    ssc.start();
    await cellOutputStorage.run(laterCell, async () => {
      await clock.advance(Seconds(1));
      await chart.idle();
    });
    expect(laterCell.calls).toEqual([]);
    expect(dataOf(plotCell.latest(chart.displayId))).toEqual([{ time: 1000, value: 1 }]);
  });

  it("keeps only the last maxBatches batches", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const chart = plotInCell(
      out,
      ssc.queueStream([[1], [1, 1], [1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1, 1]]).count(),
      {
        maxBatches: 3,
        minIntervalMs: 0,
        maxBusyFraction: 1,
      },
    );
    ssc.start();
    await clock.advance(Seconds(5));
    await chart.idle();
    const expected = [
      { time: 3000, value: 3 },
      { time: 4000, value: 4 },
      { time: 5000, value: 5 },
    ];
    expect(chart.rows).toEqual(expected);
    expect(dataOf(out.latest(chart.displayId))).toEqual(expected);
    expect(chart.batchCount).toBe(5);
  });

  it("draws a series per key with vega-lite, SVG and text, and the SVG shows the keys and axes", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const words = ssc.queueStream([["apple banana apple"], ["banana cherry banana banana"]]);
    const counts = words
      .flatMap((l) => l.split(" "))
      .map((w) => [w, 1] as [string, number])
      .reduceByKey((a, b) => a + b);
    const chart = plotInCell(out, counts, { title: "word counts", minIntervalMs: 0, maxBusyFraction: 1 });
    ssc.start();
    await clock.advance(Seconds(2));
    await chart.idle();
    const bundle = out.latest(chart.displayId)!;
    expect(Object.keys(bundle).sort()).toEqual([VEGALITE_MIME, "image/svg+xml", "text/plain"].sort());
    const spec = bundle[VEGALITE_MIME] as VegaLiteSpec;
    expect(spec.$schema).toContain("vega-lite/v5");
    expect((spec.encoding as any).color.field).toBe("key");
    const svg = bundle["image/svg+xml"] as string;
    expect(svg.startsWith("<svg")).toBe(true);
    for (const text of ["word counts", "apple", "banana", "cherry", "batch time", "value"]) {
      expect(svg).toContain(`>${text}<`);
    }
    // Whole-second time ticks (batches at 1 s and 2 s), not vega's ".200 .400" fractions.
    expect(svg).toMatch(/>\d\d:\d\d:01</);
    expect(svg).toMatch(/>\d\d:\d\d:02</);
    expect(svg).not.toMatch(/>\.\d00</);
    // The y axis reaches the largest count (banana: 3 in the second batch).
    expect(svg).toMatch(/>3(\.0)?</);
    expect(bundle["text/plain"]).toContain("banana=3");
    expect(bundle["text/plain"]).toContain("2 of 2 batches shown");
  });

  it("with mark 'bar', draws one bar per key for the latest batch only", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const pairs = ssc.queueStream<[string, number]>([
      [
        ["a", 1],
        ["b", 2],
      ],
      [
        ["a", 5],
        ["c", 7],
      ],
    ]);
    const chart = plotInCell(out, pairs, { mark: "bar", minIntervalMs: 0, maxBusyFraction: 1 });
    ssc.start();
    await clock.advance(Seconds(2));
    await chart.idle();
    expect(dataOf(out.latest(chart.displayId))).toEqual([
      { time: 2000, key: "a", value: 5 },
      { time: 2000, key: "c", value: 7 },
    ]);
    const svg = out.latest(chart.displayId)!["image/svg+xml"] as string;
    expect(svg).toContain(">c<");
    expect(svg).not.toContain(">b<");
  });

  it("plots object fields by name (x, y, color) and merges a partial spec", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const readings = ssc.queueStream([
      [
        { sensor: "north", temp: 10 },
        { sensor: "south", temp: 12 },
      ],
      [{ sensor: "north", temp: 11 }],
    ]);
    const chart = plotInCell(out, readings, {
      y: "temp",
      color: "sensor",
      spec: { encoding: { y: { scale: { zero: false } } } },
      minIntervalMs: 0,
      maxBusyFraction: 1,
    });
    ssc.start();
    await clock.advance(Seconds(2));
    await chart.idle();
    const bundle = out.latest(chart.displayId)!;
    const enc = (bundle[VEGALITE_MIME] as VegaLiteSpec).encoding as any;
    expect(enc.y).toEqual({ field: "temp", type: "quantitative", scale: { zero: false } });
    expect(enc.color).toEqual({ field: "sensor", type: "nominal" });
    expect(dataOf(bundle)).toHaveLength(3);
    expect(bundle["image/svg+xml"]).toContain(">south<");
  });

  it("coalesces batches that arrive during a slow render: fewer renders than batches, the last has the latest data", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const gate = deferred();
    let rendering = 0;
    let maxInFlight = 0;
    const slowRender = async (spec: VegaLiteSpec) => {
      rendering++;
      maxInFlight = Math.max(maxInFlight, rendering);
      await gate.promise;
      rendering--;
      return renderSvg(spec);
    };
    const batches = Array.from({ length: 10 }, (_, i) => Array.from({ length: i + 1 }, () => "x"));
    const chart = plotInCell(out, ssc.queueStream(batches).count(), {
      renderSvg: slowRender,
      minIntervalMs: 0,
      maxBusyFraction: 1,
    });
    const seen = collectOutput(ssc.queueStream([[0]]));
    ssc.start();
    // The first render (of the empty chart) is stuck; all ten batches run regardless.
    await clock.advance(Seconds(10));
    expect(chart.batchCount).toBe(10);
    expect(seen).toHaveLength(10);
    gate.resolve();
    await chart.idle();
    expect(maxInFlight).toBe(1);
    expect(chart.renderCount).toBeLessThan(10);
    expect(chart.renderCount).toBe(2); // the stuck one, then ONE for all ten batches
    const last = dataOf(out.latest(chart.displayId));
    expect(last).toHaveLength(10);
    expect(last.at(-1)).toEqual({ time: 10_000, value: 10 });
  });

  it("reports a render failure once in the chart's cell, and the stream keeps running", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    let attempts = 0;
    const failing = async () => {
      attempts++;
      throw new Error("renderer exploded");
    };
    const stream = ssc.queueStream([[1], [2], [3], [4]]);
    const chart = plotInCell(out, stream, { renderSvg: failing, minIntervalMs: 0, maxBusyFraction: 1 });
    const seen = collectOutput(stream);
    ssc.start();
    for (let i = 0; i < 4; i++) {
      await clock.advance(Seconds(1));
      await chart.idle();
    }
    expect(attempts).toBe(5);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.ename).toBe("ChartRenderError");
    expect(out.errors[0]!.evalue).toContain("renderer exploded");
    expect(out.errors[0]!.evalue).toContain("The stream keeps running");
    expect(seen.map((b) => b.records)).toEqual([[1], [2], [3], [4]]);
    expect(chart.rows.map((r) => r.value)).toEqual([1, 2, 3, 4]);
    expect(new ChartRenderError("c", new Error("x"))).toBeInstanceOf(Error);
  });

  it("reports records it cannot plot (strings) once, naming the shapes it can", async () => {
    const { ssc, clock } = await manualContext();
    const out = new RecordingOutput();
    const chart = plotInCell(out, ssc.queueStream([["a"], ["b"]]), { minIntervalMs: 0, maxBusyFraction: 1 });
    ssc.start();
    await clock.advance(Seconds(2));
    await chart.idle();
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.ename).toBe("InvalidChartError");
    expect(out.errors[0]!.evalue).toContain("DStream<[key, number]>");
    expect(out.errors[0]!.evalue).toContain("got the record a");
    expect(ssc.getState()).toBe("ACTIVE");
  });

  it("rejects invalid options and specs at plot() time with a named error", async () => {
    const { ssc } = await manualContext();
    const out = new RecordingOutput();
    const s = ssc.queueStream<number>([]);
    const bad: [PlotOptions, RegExp][] = [
      [{ maxBatches: 0 }, /maxBatches must be a whole number/],
      [{ minIntervalMs: -1 }, /minIntervalMs must be/],
      [{ maxBusyFraction: 0 }, /maxBusyFraction must be a share of time in \(0, 1\]/],
      [{ mark: "pie" as any }, /mark must be one of line, bar/],
      [{ x: 3 as any }, /x must be a non-empty string/],
      [{ spec: { mark: "nonsense" } }, /does not compile/],
      [{ spec: { encoding: { y: { field: "value", type: "bogus" } } } }, /encoding.y.type is "bogus"/],
    ];
    for (const [options, message] of bad) {
      expect(() => plotInCell(out, s, options)).toThrow(InvalidChartError);
      expect(() => plotInCell(out, s, options)).toThrow(message);
    }
    // Nothing was shown for the rejected charts.
    expect(out.displays).toHaveLength(0);
  });

  it("needs a cell: outside one it is a NoCellOutputError saying how to fix it", async () => {
    const { ssc } = await manualContext();
    expect(() => plot(ssc.queueStream<number>([]))).toThrow(NoCellOutputError);
    expect(() => plot(ssc.queueStream<number>([]))).toThrow(
      /call plot\(\) from a cell, or pass \{ output \}/,
    );
  });

  it("a chart as a cell's result is one line, not a second copy of the chart", async () => {
    const { ssc } = await manualContext();
    const out = new RecordingOutput();
    const chart = plotInCell(out, ssc.queueStream<number>([]), { title: "t" });
    const bundle = toMimeBundle(chart);
    expect(Object.keys(bundle)).toEqual(["text/plain"]);
    expect(bundle["text/plain"]).toMatch(/^LiveChart\(.*\): waiting for the first batch$/);
  });
});
