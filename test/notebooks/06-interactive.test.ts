import { beforeAll, describe, expect, it } from "vitest";
import {
  cellContaining,
  chartRowsOf,
  displaysOf,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  resultOf,
} from "../helpers/executeNotebook";

const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";

// Live controls on a streaming k-means, executed headless (nbconvert 7 / nbclient): the controls
// are real widgets in the notebook and a line of text in the HTML export.
describe("notebooks/06-interactive.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("06-interactive.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);

  it("runs every cell without an error", () => {
    expect(errorsOf(nb)).toEqual([]);
  });

  it("shows the controls as widget views with a text line for front ends without widgets", () => {
    const views = displaysOf(cell("controls(ssc)")).filter((d) => d.data?.[WIDGET_VIEW]);
    expect(views).toHaveLength(3); // Start/Stop and the counter; the decay slider; the label
    const text = views.map((v) => String(v.data!["text/plain"]));
    expect(text.join("\n")).toMatch(/FloatSlider\(value=0\.9.*description='decay'/);
    expect(nb.html).toMatch(/FloatSlider\(value=0\.9/);
  });

  it("draws the centres moving with the stream", () => {
    const [chart] = displaysOf(cell("ssc.start()"));
    const rows = chartRowsOf(chart!);
    const centres = rows.filter((r) => r.what === "centres");
    expect(new Set(centres.map((r) => r.time)).size).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.what === "penguins").length).toBeGreaterThanOrEqual(60);
  });

  it("follows a decay set from code at the next batch: the batches after it report decay 0.20", () => {
    const before = String(resultOf(cell("// 5 batches"))?.data?.["text/plain"]);
    expect(before).toMatch(/decay 0\.90: cost \d+ mm² per penguin, centres \(\d+, \d+\)/);
    expect(before).not.toMatch(/decay 0\.20/);
    const after = String(resultOf(cell("decay.value = 0.2"))?.data?.["text/plain"]);
    expect(after.match(/decay 0\.20:/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("stops the context at the end", () => {
    expect(String(resultOf(cell("await ssc.stop()"))?.data?.["text/plain"])).toMatch(/STOPPED/);
  });
});
