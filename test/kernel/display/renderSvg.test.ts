import { describe, expect, it } from "vitest";
import { chartSpec, InvalidChartError, renderSvg, renderSvgInWorker } from "../../../kernel/display";

const spec = chartSpec(
  "keyed",
  [
    { time: 1000, key: "north", value: 4 },
    { time: 2000, key: "south", value: 9 },
  ],
  { title: "two sensors" },
);

describe("renderSvg", () => {
  it("draws the title, the keys and the axes, and leaves the spec's rows as they were", async () => {
    const before = JSON.stringify(spec);
    const svg = await renderSvg(spec);
    for (const text of ["two sensors", "north", "south", "batch time", "value"])
      expect(svg).toContain(`>${text}<`);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("is a named error for a spec that cannot compile", async () => {
    await expect(renderSvg({ mark: "nonsense" })).rejects.toThrow(InvalidChartError);
  });
});

describe("renderSvgInWorker", () => {
  it("draws the same SVG on a worker thread", async () => {
    expect(await renderSvgInWorker(spec)).toBe(await renderSvg(spec));
  });

  it("prints no vega-lite warnings: plot() reported them once, in the chart's cell", async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stderr.write;
    try {
      const warns = {
        ...spec,
        encoding: {
          ...(spec.encoding as object),
          x: { field: "time", type: "temporal", scale: { zero: false } },
        },
      };
      await renderSvgInWorker(warns);
      // A worker's console reaches this thread as messages; a few more renders give them time to land.
      for (let i = 0; i < 3; i++) await renderSvgInWorker(spec);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join("")).not.toMatch(/WARN/);
  });

  it("rejects with the worker's error, and keeps serving", async () => {
    await expect(renderSvgInWorker({ mark: "nonsense" })).rejects.toThrow(/filled/);
    expect(await renderSvgInWorker(spec)).toContain("<svg");
  });
});
