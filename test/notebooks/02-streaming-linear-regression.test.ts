import { beforeAll, describe, expect, it } from "vitest";
import {
  cellContaining,
  chartRowsOf,
  displaysOf,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  stdoutOf,
  svgImagesOf,
} from "../helpers/executeNotebook";

const VEGALITE = "application/vnd.vegalite.v5+json";

// Streaming linear regression on the cars of vega-datasets, executed headless through Debian's
// nbconvert/nbclient and our kernel.
describe("notebooks/02-streaming-linear-regression.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("02-streaming-linear-regression.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);
  const charts = displaysOf;
  const rowsOf = chartRowsOf;
  const offlineMse = () =>
    Number(/MSE on the test cars: ([\d.]+)/.exec(stdoutOf(cell("LinearRegressionWithSGD.train")))?.[1]);

  it("runs every cell without an error, and no cell shows a stray value", () => {
    expect(errorsOf(nb)).toEqual([]);
    const results = nb.cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "execute_result"));
    expect(results.map((r) => r.data!["text/plain"])).not.toContain("false");
  });

  it("splits the 392 complete cars into 314 to train on and 78 to test, with a constant 1 for the intercept", () => {
    const c = cell('readDataset("cars.json")');
    expect(stdoutOf(c)).toMatch(/^392 cars: 314 to train on, 78 to test; e\.g\. \([\d.]+,\[1\.0,/m);
    const table = c.outputs.find((o) => o.output_type === "execute_result");
    expect(String(table?.data?.["text/html"])).toMatch(/<table[\s\S]*Horsepower[\s\S]*Weight_in_lbs/);
  });

  it("trains the offline reference: a negative weight for horsepower and for weight, test MSE near 20", () => {
    const text = stdoutOf(cell("LinearRegressionWithSGD.train"));
    const weights = /weights = \[([^\]]+)\]/.exec(text)![1]!.split(",").map(Number);
    expect(weights[0]).toBeGreaterThan(20); // the intercept: MPG of an average car
    expect(weights[1]).toBeLessThan(0);
    expect(weights[2]).toBeLessThan(0);
    expect(offlineMse()).toBeGreaterThan(10);
    expect(offlineMse()).toBeLessThan(30);
  });

  it("prints what training did in every batch, the loss falling after the first batch", () => {
    const text = stdoutOf(cell("ssc.start()"));
    const batches = [
      ...text.matchAll(/^batch (\d+): trained on (\d+) cars, loss ([\d.]+), weights \[([^\]]+)\]$/gm),
    ];
    expect(batches.length).toBeGreaterThanOrEqual(5);
    expect(batches.map((b) => Number(b[1]))).toEqual(batches.map((_, i) => i + 1));
    expect(Number(batches[0]![2])).toBe(32);
    const losses = batches.map((b) => Number(b[3]));
    for (const later of losses.slice(1)) expect(later).toBeLessThan(losses[0]!);
  });

  it("plots predicted vs actual for the test cars of several batches, with vega-lite, SVG and text", () => {
    const [scatter] = charts(cell("ssc.start()"));
    expect(Object.keys(scatter!.data!)).toEqual(
      expect.arrayContaining([VEGALITE, "image/svg+xml", "text/plain"]),
    );
    const rows = rowsOf(scatter!);
    expect(new Set(rows.map((r) => r.time)).size).toBeGreaterThanOrEqual(3);
    expect(rows[0]).toEqual({
      actual: expect.any(Number),
      predicted: expect.any(Number),
      time: expect.any(Number),
    });
    // The latest batch's predictions are those of a trained model: off by under 6 mpg on average
    // (the offline model's test MSE is about 20, i.e. a typical error of 4.5 mpg; single cars can be
    // off by far more, so no per-car bound).
    const latest = Math.max(...rows.map((r) => r.time as number));
    const errors = rows
      .filter((x) => x.time === latest)
      .map((r) => Math.abs((r.predicted as number) - (r.actual as number)));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(6);
    expect(String(scatter!.data!["image/svg+xml"])).toMatch(/^<svg[\s\S]*predicted vs actual MPG/);
  });

  it("plots the test error per batch: it starts high and ends near the offline model's", () => {
    const [, errors] = charts(cell("ssc.start()"));
    expect(Object.keys(errors!.data!)).toEqual(
      expect.arrayContaining([VEGALITE, "image/svg+xml", "text/plain"]),
    );
    const rows = rowsOf(errors!);
    const series = (key: string) => rows.filter((r) => r.key === key).map((r) => r.value as number);
    const rolling = series("last 3 batches");
    expect(rolling.length).toBeGreaterThanOrEqual(5);
    expect(series("this batch")).toHaveLength(rolling.length);
    expect(new Set(series("offline model"))).toEqual(new Set([expect.closeTo(offlineMse(), 1)]));
    expect(rolling[0]!).toBeGreaterThan(2 * offlineMse());
    expect(rolling.at(-1)!).toBeLessThan(1.25 * offlineMse());
  });

  it("ends with streaming weights close to the offline ones, as a table", () => {
    const c = cell("await ssc.stop()");
    const [, streamed, offline] = /streaming model, MSE on the test cars: ([\d.]+) \(offline: ([\d.]+)\)/
      .exec(stdoutOf(c))!
      .map(Number);
    expect(Math.abs(streamed! - offline!) / offline!).toBeLessThan(0.1);
    const table = String(c.outputs.find((o) => o.output_type === "execute_result")?.data?.["text/html"]);
    expect(table).toMatch(/<table[\s\S]*intercept[\s\S]*Horsepower[\s\S]*Weight_in_lbs/);
  });

  it("scores live with a model seeded offline: its first error is far below a fresh model's", () => {
    const c = cell("setInitialModel(offline)");
    const lines = [...stdoutOf(c).matchAll(/^from zero weights ([\d.]+), seeded offline ([\d.]+)$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const [, fresh, seeded] = lines[0]!.map(Number);
    expect(seeded!).toBeLessThan(0.6 * fresh!);
    expect(seeded!).toBeLessThan(1.5 * offlineMse());
    const [chart] = charts(c);
    const models = new Set(rowsOf(chart!).map((r) => r.model));
    expect(models).toEqual(new Set(["from zero weights", "seeded offline"]));
  });

  it("writes HTML that draws every chart and the weights table", () => {
    for (const title of [
      "predicted vs actual MPG",
      "test MSE per batch",
      "test MSE over the last 3 batches",
    ]) {
      const chart = svgImagesOf(nb.html).find((svg) => svg.includes(title));
      expect(chart, title).toMatch(/role="graphics-symbol"/);
    }
    expect(nb.html).toMatch(/<table[\s\S]*streaming[\s\S]*offline/);
  });
});
