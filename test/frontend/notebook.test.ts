import * as fs from "node:fs";
import * as path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, NotebookServer } from "../helpers/NotebookServer";

// The kernel in a real front end: Debian's classic Jupyter Notebook 6 served on a free port, opened
// in headless Chromium, cells run the way a user runs them, and every assertion reads what the
// page shows (the DOM of each cell's output area), not what the kernel sent.

const ROOT = path.join(__dirname, "..", "..");
const SCREENSHOT = path.join(ROOT, ".tmp", "frontend-notebook.png");

const STREAM_CELL = [
  "const ssc = streamingContext(Milliseconds(200));",
  "const ticks = ssc.generatorStream((_time, i) => [i + 1]);",
  'plot(ticks, { title: "ticks per batch" });',
  "ticks.print();",
  "ssc.start();",
].join("\n");
const CELLS = [
  STREAM_CELL, // 0
  "1 + 1", // 1
  'throw new RangeError("no sensor named s9");', // 2
  'const seven: number = "seven";', // 3
  "ssc.getState()", // 4
  [
    "const watched = streamingContext(Milliseconds(200));",
    "watched.generatorStream((_time, i) => [i]).print();",
    "watched.start();",
    "await watched.awaitTermination();",
  ].join("\n"), // 5
];

/** How long a cell may take, kernel start-up (tslab's compiler) included. */
const CELL_TIMEOUT = 30_000;

// What a user sees, read in the page. Installed before classic Notebook's own scripts; it reaches
// the notebook through its global `Jupyter` (the DOM lib is not in this project's tsconfig).
declare const window: any;
function installCellReaders(): void {
  const area = (i: number) => window.Jupyter.notebook.get_cell(i).output_area.element[0];
  window.cells = {
    /** Cell i's outputs as text, one output a line, without the `Out[n]:` prompts. */
    text: (i: number): string =>
      [...area(i).querySelectorAll(".output_subarea")]
        .map((e: any) => e.textContent.replace(/\n$/, ""))
        .join("\n"),
    /** How many `Time: … ms` headers of print() cell i shows. */
    timeLines: (i: number): number => (area(i).textContent.match(/^Time: \d+ ms$/gm) ?? []).length,
    /** The charts (SVG elements) in cell i. */
    svgs: (i: number): any[] => [...area(i).querySelectorAll("svg")],
    /** The points drawn in cell i's first chart (vega draws each as a path in a mark-symbol group). */
    points: (i: number): number => area(i).querySelectorAll("svg .mark-symbol path").length,
    /** True once cell i's count of `Time:` headers has held for `ms` (polled: each call looks again). */
    steadyFor: (i: number, ms: number): boolean => {
      const n = window.cells.timeLines(i);
      window.cellsSeen ??= {};
      const seen = window.cellsSeen;
      if (seen[i]?.n !== n) seen[i] = { n, since: Date.now() };
      return Date.now() - seen[i].since >= ms;
    },
    /** True once cell i has run (its prompt shows an execution count, not `*` or nothing). */
    done: (i: number): boolean => typeof window.Jupyter.notebook.get_cell(i).input_prompt_number === "number",
  };
}

const text = (page: Page, i: number): Promise<string> => page.evaluate((i) => window.cells.text(i), i);
const timeLines = (page: Page, i: number): Promise<number> =>
  page.evaluate((i) => window.cells.timeLines(i), i);
const points = (page: Page, i: number): Promise<number> => page.evaluate((i) => window.cells.points(i), i);
const poll = { timeout: 10_000, polling: 50 };

/** Runs cells (as Shift-Enter on each would) and waits until each shows its execution count. */
async function run(page: Page, ...cells: number[]): Promise<void> {
  await page.evaluate((cells) => window.Jupyter.notebook.execute_cells(cells), cells);
  await page.waitForFunction((cells) => cells.every((i) => window.cells.done(i)), cells, {
    timeout: CELL_TIMEOUT,
    polling: 50,
  });
}

describe("classic Jupyter Notebook in Chromium", () => {
  // One server, browser and notebook for the whole file: the tests run in order, as a user would run
  // the cells (start-up, ~3 s, is paid once).
  let server: NotebookServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await NotebookServer.start();
    server.writeNotebook("frontend.ipynb", CELLS);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    await page.addInitScript(installCellReaders);
    await page.goto(server.notebookUrl("frontend.ipynb"));
    // The notebook's kernel is ours, connected and idle: ready for cells.
    await page.waitForFunction(
      () =>
        window.Jupyter?.notebook?.kernel?.name === "dstream-lab" &&
        window.Jupyter.notebook.kernel.is_connected() &&
        window.document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null,
      undefined,
      { timeout: CELL_TIMEOUT, polling: 50 },
    );
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("draws a live chart that keeps changing, and routes the stream's output to its cell", async () => {
    await run(page, 0, 1);
    const cell2 = await text(page, 1);
    expect(cell2).toBe("2");

    // The chart: an SVG (classic Notebook picks image/svg+xml over the vega-lite spec, which it
    // cannot draw), redrawn in place with more points after its cell finished.
    await page.waitForFunction(() => window.cells.points(0) > 0, undefined, poll);
    const first = await points(page, 0);
    await page.waitForFunction((first) => window.cells.points(0) > first, first, poll);
    expect(await page.evaluate(() => window.cells.svgs(0).length)).toBe(1); // in place, not appended
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // print()'s batches keep landing in cell 1 after cell 2 ran, and never in cell 2.
    const lines = await timeLines(page, 0);
    await page.waitForFunction((lines) => window.cells.timeLines(0) >= lines + 2, lines, poll);
    expect(await text(page, 1)).toBe(cell2);
    expect(await timeLines(page, 1)).toBe(0);
  }, 60_000);

  it("shows a runtime error and a type error in the cells that caused them", async () => {
    await run(page, 2);
    const thrown = await text(page, 2);
    expect(thrown).toMatch(/RangeError/);
    expect(thrown).toMatch(/no sensor named s9/);
    await run(page, 3);
    const typeError = await text(page, 3);
    expect(typeError).toMatch(/TypeScriptError/);
    expect(typeError).toMatch(/not assignable to type 'number'/);
    // Neither error went to the stream's cell, nor the stream's output into theirs.
    expect(thrown + typeError).not.toMatch(/Time:/);
    expect(await text(page, 0)).not.toMatch(/RangeError|TypeScriptError/);
  }, 60_000);

  it("stops a running stream on interrupt: its cell stops growing", async () => {
    const before = await timeLines(page, 0);
    await page.waitForFunction((before) => window.cells.timeLines(0) > before, before, poll);
    await page.evaluate(() => window.Jupyter.notebook.kernel.interrupt());
    // Stopped: the cell's batch count holds for five batch intervals in a row.
    await page.waitForFunction(() => window.cells.steadyFor(0, 1000), undefined, poll);
    const stopped = await timeLines(page, 0);
    await run(page, 4);
    expect(await text(page, 4)).toBe("STOPPED");
    expect(await timeLines(page, 0)).toBe(stopped);
  }, 60_000);

  it("interrupts a cell that watches its stream (the toolbar's stop button): KeyboardInterrupt, stream stopped", async () => {
    const cell1 = await text(page, 0);
    await page.evaluate(() => window.Jupyter.notebook.execute_cells([5]));
    await page.waitForFunction(() => window.cells.timeLines(5) >= 2, undefined, poll);
    expect(await page.evaluate(() => window.cells.done(5))).toBe(false); // still watching
    await page.click('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]');
    await page.waitForFunction(() => window.cells.done(5), undefined, poll);
    expect(await text(page, 5)).toMatch(/KeyboardInterrupt/);
    await page.waitForFunction(() => window.cells.steadyFor(5, 1000), undefined, poll);
    expect(await text(page, 0)).toBe(cell1); // the new stream printed only in its own cell
  }, 60_000);
});
