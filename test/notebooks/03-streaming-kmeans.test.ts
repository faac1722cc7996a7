import { beforeAll, describe, expect, it } from "vitest";
import {
  cellContaining,
  chartRowsOf,
  displaysOf,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  resultOf,
  stdoutOf,
  svgImagesOf,
} from "../helpers/executeNotebook";

const VEGALITE = "application/vnd.vegalite.v5+json";
type Row = Record<string, unknown>;

// Streaming k-means on the penguins of vega-datasets, executed headless through Debian's
// nbconvert/nbclient and our kernel.
describe("notebooks/03-streaming-kmeans.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("03-streaming-kmeans.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);
  const charts = displaysOf;
  const rowsOf = chartRowsOf;
  const near = (a: Row, b: [number, number], mm: number) =>
    Math.hypot((a.beak as number) - b[0], (a.flipper as number) - b[1]) < mm;
  const GENTOO: [number, number] = [47.5, 217.2];
  const ADELIE: [number, number] = [38.8, 190.0];

  it("runs every cell without an error, and no cell shows a stray value", () => {
    expect(errorsOf(nb)).toEqual([]);
    const shown = nb.cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "execute_result"));
    for (const r of shown) expect(String(r.data!["text/plain"])).not.toMatch(/^(false|true|DisplayHandle)/);
  });

  it("reads the 342 measured penguins and shows the species means as a table", () => {
    const table = String(resultOf(cell('readDataset("penguins.json")'))?.data?.["text/html"]);
    expect(table).toMatch(/<table[\s\S]*Adelie[\s\S]*151[\s\S]*Chinstrap[\s\S]*68[\s\S]*Gentoo[\s\S]*123/);
  });

  it("draws the penguins and the moving centres of several batches in one chart, with vega-lite, SVG and text", () => {
    const [scatter] = charts(cell("ssc.start()"));
    expect(Object.keys(scatter!.data!)).toEqual(
      expect.arrayContaining([VEGALITE, "image/svg+xml", "text/plain"]),
    );
    const rows = rowsOf(scatter!);
    const centres = rows.filter((r) => r.what === "centres");
    const batches = new Set(centres.map((r) => r.time));
    expect(batches.size).toBeGreaterThanOrEqual(3);
    expect(centres).toHaveLength(3 * batches.size);
    expect(rows.filter((r) => r.what === "penguins").length).toBeGreaterThanOrEqual(3 * 35);
    // the centres moved between the first and the last batch drawn
    const at = (t: unknown) => centres.filter((r) => r.time === t).map((r) => [r.beak, r.flipper]);
    expect(at(Math.min(...(batches as Set<number>)))).not.toEqual(at(Math.max(...(batches as Set<number>))));
    expect(String(scatter!.data!["image/svg+xml"])).toMatch(/^<svg[\s\S]*penguins and k-means centres/);
  });

  it("plots and prints the cost per batch, and the centres settle near the species", () => {
    const c = cell("ssc.start()");
    const [, costChart] = charts(c);
    expect(rowsOf(costChart!).length).toBeGreaterThanOrEqual(3);
    const lines = [...stdoutOf(c).matchAll(/^batch (\d+): cost ([\d.]+) mm² per penguin; centres (.+)$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const last = [...lines.at(-1)![3]!.matchAll(/\(([\d.]+), ([\d.]+)\)/g)].map((m) => ({
      beak: Number(m[1]),
      flipper: Number(m[2]),
    }));
    expect(last).toHaveLength(3);
    expect(last.some((x) => near(x, GENTOO, 3))).toBe(true);
    expect(last.some((x) => near(x, ADELIE, 5))).toBe(true);
  });

  it("finds the Gentoo as one cluster without seeing the species", () => {
    const table = String(resultOf(cell("await ssc.stop()"))?.data?.["text/plain"]);
    const gentoo = [...table.matchAll(/Gentoo: (\d+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...gentoo)).toBeGreaterThanOrEqual(110); // of 123
  });

  it("shows decay: on a stream that changes species, the forgetful model's cost on new batches ends far below", () => {
    const c = cell("setHalfLife(1");
    const lines = [...stdoutOf(c).matchAll(/^batch (\d+): cost remember ([\d.]+), forget ([\d.]+)$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(7);
    const [, , remember, forget] = lines.at(-1)!.map(Number);
    expect(forget!).toBeLessThan(remember! / 2);
    const [scatter, costChart] = charts(c);
    expect(new Set(rowsOf(scatter!).map((r) => r.what))).toEqual(new Set(["penguins", "remember", "forget"]));
    expect(new Set(rowsOf(costChart!).map((r) => r.key))).toEqual(new Set(["remember", "forget"]));
  });

  it("ends with the forgetful model's weight on a centre at the Gentoo, the remembering one's spread over all it saw", () => {
    const text = String(resultOf(cell("centresOf"))?.data?.["text/plain"]);
    const rows = [
      ...text.matchAll(/model: '(\w+)', beak: ([\d.]+), flipper: ([\d.]+), weight: ([\d.]+)/g),
    ].map((m) => ({ model: m[1], beak: Number(m[2]), flipper: Number(m[3]), weight: Number(m[4]) }));
    expect(rows).toHaveLength(6);
    const heaviest = (model: string) =>
      rows.filter((r) => r.model === model).sort((a, b) => b.weight - a.weight)[0]!;
    expect(near(heaviest("forget"), GENTOO, 3)).toBe(true);
    const total = (model: string) => rows.filter((r) => r.model === model).reduce((s, r) => s + r.weight, 0);
    expect(total("remember")).toBeGreaterThan(250); // every penguin seen, at full weight
    expect(total("forget")).toBeLessThan(100); // half-life 1 batch: about two batches' worth
  });

  it("writes HTML that draws every chart and the tables", () => {
    for (const title of [
      "penguins and k-means centres, per batch",
      "k-means cost per batch",
      "penguins in file order; centres that remember vs forget",
      "cost per penguin of each new batch",
    ]) {
      const chart = svgImagesOf(nb.html).find((svg) => svg.includes(title));
      expect(chart, title).toMatch(/role="graphics-symbol"/);
    }
    expect(nb.html).toMatch(/<table[\s\S]*Gentoo/);
  });
});
