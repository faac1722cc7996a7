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

  it("rejects with the worker's error, and keeps serving", async () => {
    await expect(renderSvgInWorker({ mark: "nonsense" })).rejects.toThrow(/filled/);
    expect(await renderSvgInWorker(spec)).toContain("<svg");
  });
});
