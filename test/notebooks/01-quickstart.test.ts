import { beforeAll, describe, expect, it } from "vitest";
import {
  cellContaining,
  type ExecutedNotebook,
  errorsOf,
  executeNotebook,
  stdoutOf,
  svgImagesOf,
  svgImagesWithAltOf,
} from "../helpers/executeNotebook";

// The flagship notebook, executed headless through the venv's nbconvert 7/nbclient and our kernel.
describe("notebooks/01-quickstart.ipynb", () => {
  let nb: ExecutedNotebook;
  beforeAll(async () => {
    nb = await executeNotebook("01-quickstart.ipynb");
  }, 180_000);

  const cell = (text: string) => cellContaining(nb, text);

  it("runs every cell without an error", () => {
    expect(errorsOf(nb)).toEqual([]);
  });

  it("counts the words of the static data set", () => {
    const result = cell("readDataset").outputs.find((o) => o.output_type === "execute_result");
    expect(Number(result?.data?.["text/plain"])).toBeGreaterThan(1000);
  });

  it("prints several batches of word counts in the cell that started the stream", () => {
    const text = stdoutOf(cell("ssc.start()"));
    const batches = text.match(/^Time: \d+ ms$/gm) ?? [];
    expect(batches.length).toBeGreaterThanOrEqual(3);
    // Watching shows the stream, not awaitTerminationOrTimeout's `false`.
    expect(cell("ssc.start()").outputs.filter((o) => o.output_type === "execute_result")).toEqual([]);
    expect(text).toMatch(/^\([a-z']+,\d+\)$/m);
  });

  it("shows live charts with vega-lite, SVG and text, drawn from real batches", () => {
    const charts = cell("ssc.start()").outputs.filter((o) => o.output_type === "display_data");
    expect(charts).toHaveLength(2);
    for (const c of charts) {
      expect(Object.keys(c.data!)).toEqual(
        expect.arrayContaining(["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]),
      );
    }
    const top = charts.find((c) => String(c.data!["text/plain"]).includes("top words"))!;
    const spec = top.data!["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } };
    expect(spec.data.values.length).toBeGreaterThan(0);
    expect(String(top.data!["image/svg+xml"])).toMatch(/<svg[\s\S]*top words/);
  });

  it("shows the monitor with per-batch rows", () => {
    const shown = cell("monitor(ssc)").outputs.find((o) => o.output_type === "display_data");
    expect(String(shown?.data?.["text/plain"])).toMatch(/Completed batches: [1-9]/);
  });

  it("writes HTML that shows the charts as drawn, bars and all", () => {
    const svgs = svgImagesOf(nb.html);
    const top = svgs.find((s) => s.includes("top words, last 3 seconds"));
    expect(top).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(top!.match(/<path[^>]*role="graphics-symbol"/g)?.length ?? 0).toBeGreaterThanOrEqual(5);
  });

  it("describes each chart image by the chart's text, not nbconvert's placeholder", () => {
    const images = svgImagesWithAltOf(nb.html);
    expect(images.map((i) => i.alt)).toEqual([
      expect.stringMatching(
        /^top words, last 3 seconds: \d+ of \d+ batches shown; batch \d+ ms: [a-z']+=\d+/,
      ),
      expect.stringMatching(/^words per batch: \d+ of \d+ batches shown; batch \d+ ms: \d+$/),
    ]);
    expect(nb.html).not.toContain("No description has been provided");
  });
});
