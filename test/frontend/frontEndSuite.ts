import * as path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CellHistory } from "../helpers/CellHistory";
import { type FrontEnd, JupyterServer } from "../helpers/JupyterServer";
import { NotebookPage } from "../helpers/NotebookPage";
import { CHROMIUM, CHROMIUM_ARGS } from "../helpers/requireFrontEnd";

// The kernel in a real front end: JupyterLab 4 or Notebook 7 from the project venv, served on a
// free port, opened in headless Chromium, cells run the way a user runs them (menus, toolbar,
// Shift-Enter), and every assertion reads what the page shows (the DOM of each cell's output
// area, the pixels of each chart), not what the kernel sent. jupyterlab.test.ts and
// notebook7.test.ts run this suite, one server and browser each.

const ROOT = path.join(__dirname, "..", "..");

/** What an example notebook must show after Run All (cells counted among code cells). */
export interface NotebookExpectation {
  name: string;
  /** Chart cells: how many charts each shows (all drawn by JupyterLab's vega renderer, all changing). */
  charts: Record<number, number>;
  /** Chart cells whose charts keep changing after the cell finished (a later cell watches the stream). */
  liveAfterDone: number[];
  /** The cell whose stream print()s batches (`Time:` headers), and keeps printing after it finished. */
  prints?: number;
  /** The cell showing monitor(ssc). */
  monitor?: number;
  /** What cells show at the end. */
  texts: Record<number, RegExp>;
}

/** The example notebooks of notebooks/, and what each shows a user who runs all its cells. */
export const EXAMPLES: Record<string, NotebookExpectation> = {
  "01": {
    name: "01-quickstart.ipynb",
    charts: { 2: 2 },
    liveAfterDone: [2],
    prints: 2,
    monitor: 3,
    texts: { 0: /^\d+$/, 2: /\(\w+,\d+\)/, 3: /input rate \(records\/s\)/, 4: /^STOPPED$/ },
  },
  "02": {
    name: "02-streaming-linear-regression.ipynb",
    charts: { 4: 2, 6: 1 },
    liveAfterDone: [],
    texts: {
      0: /392 cars: 314 to train on, 78 to test/,
      1: /offline model, MSE on the test cars/,
      4: /batch 3: trained on 32 cars/,
      5: /streaming model, MSE on the test cars/,
      6: /seeded model now/,
    },
  },
  "03": {
    name: "03-streaming-kmeans.ipynb",
    charts: { 2: 2, 4: 2 },
    liveAfterDone: [],
    texts: {
      0: /Gentoo/,
      2: /batch 3: cost [\d.]+ mm² per penguin/,
      3: /Chinstrap/,
      4: /batch 3: cost remember/,
    },
  },
  "06": {
    name: "06-interactive.ipynb",
    charts: { 2: 1 },
    liveAfterDone: [2],
    texts: {
      0: /penguins, 30 per batch/,
      // The controls at the end: stopped, the decay slider moved by code to 0.20, the label per batch.
      1: /stopped · \d+ batches[\s\S]*decay\s*0\.20[\s\S]*decay 0\.20: cost \d+/,
      3: /decay 0\.90: cost \d+/,
      4: /decay 0\.20: cost \d+/,
      5: /^STOPPED$/,
    },
  },
  "04": {
    name: "04-live-sources.ipynb",
    charts: { 3: 1 },
    liveAfterDone: [3],
    prints: 3,
    monitor: 4,
    texts: {
      0: /titles on localhost:\d+/,
      3: /\(#\w+,\d+\)/,
      4: /socket localhost:\d+[\s\S]*ndjson http:\/\/127\.0\.0\.1:\d+/,
      5: /^STOPPED$/,
    },
  },
};

/** The cells of the notebook the interaction tests drive (a user's own, small). */
const CELLS = [
  [
    "const ssc = streamingContext(Milliseconds(200));",
    "const ticks = ssc.generatorStream((_time, i) => [i + 1]);",
    'plot(ticks, { title: "ticks per batch" });',
    "ticks.print();",
    "ssc.start();",
  ].join("\n"), // 0
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
  "process.pid", // 6
];

/** A notebook with live controls (Jupyter widgets) on a stream that prints the parameter it reads. */
const CONTROL_CELLS = [
  [
    "const ssc = streamingContext(Milliseconds(200));",
    "let factor = 1;",
    "ssc.generatorStream((_time, i) => [i]).foreachRDD((rdd) => {",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: cell source, a template literal of its own
    "  for (const x of rdd.collect()) console.log(`factor ${factor}: ${x * factor}`);",
    "});",
    "controls(ssc);",
    'const knob = slider({ min: 1, max: 10, step: 1, value: 1, description: "factor", onChange: (v) => (factor = v) });',
  ].join("\n"), // 0
  "knob.value = 3;", // 1
];

/** Run All of an example notebook may take this long (the notebooks watch their streams ~10 s). */
const RUN_ALL_TIMEOUT = 90_000;

/**
 * The front-end suite for `frontEnd`: the interaction tests on a small notebook, then Run All on
 * each of `examples`, all in one server, browser and tab (start-up is paid once).
 */
export function frontEndSuite(options: {
  title: string;
  frontEnd: FrontEnd;
  examples: NotebookExpectation[];
  /**
   * Screenshots go to `<screenshots>.png` (01-quickstart's charts) and `<screenshots>-controls.png`
   * (the live controls); relative to the project root.
   */
  screenshots: string;
}): void {
  describe(options.title, () => {
    let server: JupyterServer;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        JupyterServer.start(options.frontEnd),
        chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
      ]);
      page = await NotebookPage.newPage(browser);
    }, 90_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** Opens a notebook of the server's root in the tab, closing the one before and its kernel. */
    async function open(name: string): Promise<NotebookPage> {
      await page.goto("about:blank");
      await server.shutdownSessions();
      return NotebookPage.open(page, server, name);
    }

    describe("a notebook of your own", () => {
      let nb: NotebookPage;

      beforeAll(async () => {
        nb = await open(server.writeNotebook("frontend.ipynb", CELLS));
      }, 90_000);

      it("draws a live chart with JupyterLab's vega renderer that keeps changing after its cell finished, and routes the stream's print output to its cell", async () => {
        await nb.run(0, 1);
        expect(await nb.text(1)).toBe("2");
        const chart = await nb.waitForChart(0);
        // JupyterLab's renderer drew the vega-lite spec, not the bundle's image/svg+xml.
        expect(chart).toMatchObject({ vega: true, element: "canvas" });
        expect(await nb.images(0)).toBe(0);
        // Redrawn in place with new data while nothing runs: one chart, a new picture.
        const next = await nb.waitForChartChange(0, chart.signature);
        await nb.waitForChartChange(0, next.signature);
        expect(await nb.charts(0)).toHaveLength(1);
        // print()'s batches keep landing in cell 0 after cell 1 ran, and never in cell 1.
        const lines = await nb.timeLines(0);
        await nb.waitFor((n) => window.cells.timeLines(0) >= n + 2, lines, "two more batches in cell 0");
        expect(await nb.text(1)).toBe("2");
        expect(await nb.timeLines(1)).toBe(0);
      }, 90_000);

      it("shows a runtime error and a type error in the cells that caused them", async () => {
        await nb.run(2);
        const thrown = await nb.errors(2);
        expect(thrown).toMatch(/RangeError: no sensor named s9/);
        await nb.run(3);
        const typeError = await nb.errors(3);
        expect(typeError).toMatch(/TypeScriptError/);
        expect(typeError).toMatch(/not assignable to type 'number'/);
        // Neither error went to the stream's cell, nor the stream's output into theirs.
        expect((await nb.text(2)) + (await nb.text(3))).not.toMatch(/Time:/);
        expect(await nb.errors(0)).toBe("");
        expect(await nb.timeLines(0)).toBeGreaterThan(0); // the stream is still running
      }, 60_000);

      it("re-running the chart cell shows a new chart that keeps changing (never a dead one)", async () => {
        const before = await nb.timeLines(0);
        await nb.run(0);
        // The cell's old outputs went with the re-run: one chart, a print output counting afresh.
        const chart = await nb.waitForChart(0);
        expect(chart.vega).toBe(true);
        const next = await nb.waitForChartChange(0, chart.signature);
        await nb.waitForChartChange(0, next.signature);
        expect(await nb.charts(0)).toHaveLength(1);
        expect(await nb.timeLines(0)).toBeLessThan(before);
        const lines = await nb.timeLines(0);
        await nb.waitFor((n) => window.cells.timeLines(0) >= n + 2, lines, "two more batches in cell 0");
      }, 60_000);

      it("stops a running stream with the toolbar's interrupt button: its cell and chart stop changing", async () => {
        const lines = await nb.timeLines(0);
        await nb.waitFor((n) => window.cells.timeLines(0) > n, lines, "a batch in cell 0");
        await nb.interruptFromToolbar();
        // Stopped: the cell's batch count holds for five batch intervals in a row.
        await nb.waitUntilSteady(0, 1000);
        const stopped = await nb.timeLines(0);
        const picture = (await nb.charts(0))[0]!.signature;
        await nb.run(4);
        expect(await nb.text(4)).toBe("STOPPED");
        expect(await nb.timeLines(0)).toBe(stopped);
        expect((await nb.charts(0))[0]!.signature).toBe(picture);
      }, 60_000);

      it("interrupts a cell that watches its stream from the toolbar: KeyboardInterrupt, stream stopped", async () => {
        const cell0 = await nb.text(0);
        await nb.start(5);
        await nb.waitFor(() => window.cells.timeLines(5) >= 2, undefined, "cell 5's stream printing");
        expect(await nb.ran(5)).toBe(false); // still watching
        await nb.interruptFromToolbar();
        await nb.waitFor(() => window.cells.ran(5), undefined, "cell 5 to end");
        expect(await nb.errors(5)).toMatch(/KeyboardInterrupt/);
        await nb.waitUntilSteady(5, 1000);
        expect(await nb.text(0)).toBe(cell0); // the new stream printed only in its own cell
      }, 60_000);

      it("restarts the kernel from the Kernel menu: a new kernel process runs the next cell", async () => {
        await nb.run(6);
        const pid = Number(await nb.text(6));
        expect(pid).toBeGreaterThan(0);
        await nb.restartKernel();
        await nb.run(6);
        const newPid = Number(await nb.text(6));
        expect(newPid).toBeGreaterThan(0);
        expect(newPid).not.toBe(pid);
        expect(await nb.executionCount(6)).toBe(1); // a fresh kernel counts from 1
        await nb.run(1);
        expect(await nb.text(1)).toBe("2");
      }, 90_000);
    });

    describe("live controls (Jupyter widgets)", () => {
      let nb: NotebookPage;
      /** The factor the latest line the stream printed in cell 0 was computed with (page-side). */
      const lastFactorIs = (f: string) =>
        (window.cells.text(0).match(/factor \d+:/g) ?? []).at(-1) === `factor ${f}:`;

      beforeAll(async () => {
        nb = await open(server.writeNotebook("controls.ipynb", CONTROL_CELLS));
        await nb.run(0);
      }, 90_000);

      it("Start clicked in the browser starts the stream; the batch count the kernel sets shows in the browser", async () => {
        await nb.waitFor(() => window.cells.sliders(0).length === 1, undefined, "the slider in cell 0");
        expect(await nb.buttons(0)).toEqual([
          { text: "Start", disabled: false },
          { text: "Stop", disabled: true },
        ]);
        expect(await nb.labels(0)).toEqual(["not started · 0 batches"]);
        expect(await nb.sliders(0)).toEqual([{ description: "factor", readout: "1" }]);
        expect(await nb.text(0)).not.toMatch(/factor \d+:/);

        await nb.clickButton(0, "Start");
        await nb.waitFor(
          () => /factor 1: \d+/.test(window.cells.text(0)),
          undefined,
          "the stream printing in cell 0",
        );
        await nb.waitFor(
          () => /^running · ([3-9]|\d\d+) batches/.test(window.cells.labels(0)[0] ?? ""),
          undefined,
          "the status line counting batches",
        );
        expect(await nb.buttons(0)).toEqual([
          { text: "Start", disabled: true },
          { text: "Stop", disabled: false },
        ]);
      }, 60_000);

      it("the slider dragged in the browser changes what the running stream computes", async () => {
        await nb.dragSlider(0, "factor", 1); // to the right end: 10
        await nb.waitFor(
          () => window.cells.sliders(0)[0]?.readout === "10",
          undefined,
          "the slider showing 10",
        );
        await nb.waitFor(lastFactorIs, "10", "the stream printing with factor 10");
        const lines = (await nb.text(0)).match(/factor 10: (\d+)/g)!;
        for (const line of lines) expect(Number(line.split(": ")[1]) % 10).toBe(0);
      }, 60_000);

      it("a value set from a later cell moves the slider in the browser, and the stream follows", async () => {
        await nb.run(1);
        await nb.waitFor(
          () => window.cells.sliders(0)[0]?.readout === "3",
          undefined,
          "the slider showing 3",
        );
        await nb.waitFor(lastFactorIs, "3", "the stream printing with factor 3");
        expect(await nb.text(1)).toBe("3"); // the assignment's value
        await nb.scrollTo(0);
        await nb.screenshot(path.join(ROOT, `${options.screenshots}-controls.png`));
      }, 60_000);

      it("Stop clicked in the browser stops the stream: its output stops growing, both buttons disabled", async () => {
        await nb.clickButton(0, "Stop");
        await nb.waitFor(
          () => /^stopped · /.test(window.cells.labels(0)[0] ?? ""),
          undefined,
          "the status line: stopped",
        );
        await nb.waitUntilSteady(0, 1000, "factor \\d+:");
        expect(await nb.buttons(0)).toEqual([
          { text: "Start", disabled: true },
          { text: "Stop", disabled: true },
        ]);
        expect(await nb.errors(0)).toBe("");
      }, 60_000);
    });

    for (const example of options.examples) {
      it(
        `${example.name}: Run All draws live vega charts, prints into the defining cell, shows the monitor, no errors`,
        async () => {
          const nb = await open(server.copyNotebook(example.name));
          await nb.startRecording();
          await nb.runAll();
          await nb.waitUntilAllDone(RUN_ALL_TIMEOUT);
          const history = new CellHistory(await nb.stopRecording());
          const count = await page.evaluate(() => window.cells.count());

          for (let i = 0; i < count; i++) {
            expect(await nb.errors(i), `cell ${i}'s errors`).toBe("");
          }
          for (const [cell, re] of Object.entries(example.texts)) {
            expect(await nb.text(Number(cell)), `cell ${cell}`).toMatch(re);
          }
          for (const [key, n] of Object.entries(example.charts)) {
            const cell = Number(key);
            const charts = await nb.charts(cell);
            expect(charts, `cell ${cell}'s charts`).toHaveLength(n);
            for (const chart of charts) expect(chart).toMatchObject({ vega: true, element: "canvas" });
            for (const chart of charts) expect(chart.markPixels).toBeGreaterThan(0);
            expect(await nb.images(cell), `cell ${cell}'s images`).toBe(0);
            for (let k = 0; k < n; k++) {
              // Redrawn batch after batch: several pictures, each with marks.
              expect(
                history.chartPictures(cell, k).length,
                `pictures of chart ${k} of cell ${cell}`,
              ).toBeGreaterThanOrEqual(3);
            }
          }
          for (const cell of example.liveAfterDone) {
            for (let k = 0; k < example.charts[cell]!; k++) {
              // The first picture is the one on show when the cell finished; more came after.
              expect(
                history.chartPictures(cell, k, "afterDone").length,
                `pictures of chart ${k} of cell ${cell} after it finished`,
              ).toBeGreaterThanOrEqual(2);
            }
          }
          if (example.prints !== undefined) {
            const cell = example.prints;
            const atDone = history.afterDone(cell)[0]!.timeLines;
            expect(atDone).toBeGreaterThan(0);
            expect(history.maxTimeLines(cell, "afterDone")).toBeGreaterThan(atDone);
            for (let i = 0; i < count; i++) {
              if (i !== cell) expect(history.maxTimeLines(i), `Time: headers in cell ${i}`).toBe(0);
            }
          }
          if (example.monitor !== undefined) {
            // Completed batches counting up while the cell watched, and the stopped state at the end.
            const counts = history.monitorCounts(example.monitor);
            expect(counts.filter((n) => n > 0).length, `monitor counts ${counts}`).toBeGreaterThanOrEqual(2);
            expect(counts).toEqual([...counts].sort((a, b) => a - b));
            expect(await nb.monitor(example.monitor)).toMatch(/Completed batches: \d+ \(\d+ records\)/);
          }
          if (example.name === "01-quickstart.ipynb") {
            await nb.scrollTo(2);
            await nb.screenshot(path.join(ROOT, `${options.screenshots}.png`));
          }
        },
        RUN_ALL_TIMEOUT + 30_000,
      );
    }
  });
}

declare const window: any;
