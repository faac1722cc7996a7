import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { type CellSample, type ChartView, installCellReaders } from "./installCellReaders";
import type { JupyterServer } from "./JupyterServer";

declare const window: any;

/** How long a cell may take to start: kernel start-up (tslab's compiler) included. */
export const KERNEL_TIMEOUT = 60_000;

/**
 * A notebook open in JupyterLab 4 or Notebook 7 in a browser tab, driven as a user drives it
 * (menus, toolbar buttons, Ctrl-Enter in a cell, the mouse on controls) and read from what the
 * page shows (see installCellReaders). Cells are counted among code cells. Both front ends are
 * built of JupyterLab's widgets and commands, so one driver serves both.
 *
 * @example
 * const page = await NotebookPage.newPage(browser);
 * const nb = await NotebookPage.open(page, server, server.copyNotebook("01-quickstart.ipynb"));
 * await nb.runAll();
 * await nb.waitUntilAllDone(60_000);
 * expect(await nb.text(0)).toMatch(/^\d+$/);
 */
export class NotebookPage {
  private constructor(
    readonly page: Page,
    readonly server: JupyterServer,
  ) {}

  /** A new tab of `browser` with the page readers installed. */
  static async newPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
    await page.addInitScript(installCellReaders);
    return page;
  }

  /** Opens notebook `name` of the server's root in `page` and waits until its kernel (ours) is idle. */
  static async open(page: Page, server: JupyterServer, name: string): Promise<NotebookPage> {
    await page.goto(server.notebookUrl(name));
    const nb = new NotebookPage(page, server);
    await nb.waitForKernelIdle();
    return nb;
  }

  /** Waits until the toolbar shows our kernel, idle (after a start or a restart). */
  async waitForKernelIdle(): Promise<void> {
    await this.waitFor(
      () =>
        window.document.querySelector(".jp-NotebookPanel-toolbar .jp-KernelName")?.textContent.trim() ===
          "TypeScript (dstream-lab)" &&
        window.document.querySelector(".jp-NotebookPanel-toolbar [data-status='idle']") !== null &&
        window.cells.count() > 0,
      undefined,
      "the notebook's kernel TypeScript (dstream-lab), idle",
      KERNEL_TIMEOUT,
    );
  }

  /** Run → Run All Cells, from the menu bar. Returns at once: see waitUntilAllDone. */
  async runAll(): Promise<void> {
    await this.page.evaluate(() => {
      for (let i = 0; i < window.cells.count(); i++) window.cells.watchRun(i);
    });
    await this.menu("Run", "runmenu:run-all");
  }

  /**
   * Kernel → Restart Kernel…, confirmed in its dialog; waits until the toolbar's kernel status has
   * left idle (restarting) and come back to it.
   */
  async restartKernel(): Promise<void> {
    await this.menu("Kernel", "kernelmenu:restart");
    // Watched rather than polled: a fast restart may be idle again before a poll looks.
    await this.page.evaluate(() => {
      const indicator = window.document.querySelector(".jp-NotebookPanel-toolbar [data-status]");
      window.kernelLeftIdle = false;
      const observer = new window.MutationObserver(() => {
        if (indicator.dataset.status !== "idle") {
          window.kernelLeftIdle = true;
          observer.disconnect();
        }
      });
      observer.observe(indicator, { attributes: true, attributeFilter: ["data-status"] });
    });
    await this.page.click(".jp-Dialog .jp-mod-accept");
    await this.waitFor(() => window.kernelLeftIdle, undefined, "the kernel restarting", 10_000);
    await this.waitForKernelIdle();
  }

  /** Clicks the toolbar's interrupt button (the black square). */
  async interruptFromToolbar(): Promise<void> {
    await this.page.click(".jp-NotebookPanel-toolbar [data-command='notebook:interrupt-kernel']");
  }

  /**
   * Clicks into code cell i and presses Ctrl-Enter (run, and stay: Shift-Enter on the last cell
   * would add a cell). Returns at once; ran(i) tells when it has run.
   */
  async start(i: number): Promise<void> {
    await this.page.evaluate((i) => window.cells.watchRun(i), i);
    await this.cell(i).locator(".jp-InputArea-editor").click();
    await this.page.keyboard.press("Control+Enter");
  }

  /** Runs code cells one after the other, each waiting for the one before. */
  async run(...cells: number[]): Promise<void> {
    for (const i of cells) {
      await this.start(i);
      await this.waitFor((i) => window.cells.ran(i), i, `cell ${i} to run`, KERNEL_TIMEOUT);
    }
  }

  /** Waits until every code cell has run (after runAll). */
  async waitUntilAllDone(timeoutMs: number): Promise<void> {
    await this.waitFor(
      () => Array.from({ length: window.cells.count() }, (_, i) => window.cells.ran(i)).every(Boolean),
      undefined,
      "every cell to run",
      timeoutMs,
    );
  }

  /**
   * Waits until `fn` is true in the page; on timeout the error names `what` and shows the
   * notebook's cells (prompt and outputs), so a failure says what the user would have seen.
   */
  async waitFor<A>(fn: (arg: A) => boolean, arg: A, what: string, timeoutMs = 15_000): Promise<void> {
    try {
      await this.page.waitForFunction(fn as (arg: unknown) => boolean, arg, {
        timeout: timeoutMs,
        polling: 50,
      });
    } catch (e) {
      const shows = await this.describe();
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. The page shows:\n${shows}`, {
        cause: e,
      });
    }
  }

  /** Every code cell's prompt and outputs, for failure messages. */
  async describe(): Promise<string> {
    return this.page
      .evaluate(() =>
        Array.from({ length: window.cells.count() }, (_, i) => {
          const text: string = window.cells.text(i);
          const shown = text.length > 600 ? `${text.slice(0, 300)}\n…\n${text.slice(-300)}` : text;
          return `${window.cells.prompt(i)} (${window.cells.charts(i).length} charts)\n${shown}`;
        }).join("\n\n"),
      )
      .catch((e) => `(could not read the page: ${e})`);
  }

  executionCount(i: number): Promise<number | undefined> {
    return this.page.evaluate((i) => window.cells.executionCount(i), i);
  }

  /** True once cell i, started by start(i), has run (see installCellReaders' watchRun). */
  ran(i: number): Promise<boolean> {
    return this.page.evaluate((i) => window.cells.ran(i), i);
  }

  text(i: number): Promise<string> {
    return this.page.evaluate((i) => window.cells.text(i), i);
  }

  /** Cell i's errors and stderr output as text ("" when it has none). */
  errors(i: number): Promise<string> {
    return this.page.evaluate((i) => window.cells.errors(i), i);
  }

  timeLines(i: number): Promise<number> {
    return this.page.evaluate((i) => window.cells.timeLines(i), i);
  }

  charts(i: number): Promise<ChartView[]> {
    return this.page.evaluate((i) => window.cells.charts(i), i);
  }

  images(i: number): Promise<number> {
    return this.page.evaluate((i) => window.cells.images(i), i);
  }

  monitor(i: number): Promise<string> {
    return this.page.evaluate((i) => window.cells.monitor(i), i);
  }

  /**
   * Waits until cell i's count of `pattern` (default: print()'s `Time:` headers) has not grown
   * for `ms`: its stream stopped.
   */
  async waitUntilSteady(i: number, ms: number, pattern = "Time: \\d+ ms", timeoutMs = 15_000): Promise<void> {
    await this.waitFor(
      ([i, ms, pattern]) => window.cells.steadyFor(i, ms, pattern),
      [i, ms, pattern] as const,
      `cell ${i}'s /${pattern}/ to stop growing`,
      timeoutMs,
    );
  }

  /** Waits until cell i shows a chart drawn by JupyterLab's vega renderer with marks on it. */
  async waitForChart(i: number, timeoutMs = 15_000): Promise<ChartView> {
    await this.waitFor(
      (i) => window.cells.charts(i).some((c: ChartView) => c.vega && c.markPixels > 0),
      i,
      `a vega chart with marks in cell ${i}`,
      timeoutMs,
    );
    return (await this.charts(i)).find((c) => c.vega && c.markPixels > 0)!;
  }

  /** Waits until cell i's first chart shows a picture other than `signature`, with marks. */
  async waitForChartChange(i: number, signature: string, timeoutMs = 15_000): Promise<ChartView> {
    await this.waitFor(
      ([i, s]) => {
        const c = window.cells.charts(i)[0];
        return c !== undefined && c.markPixels > 0 && c.signature !== s;
      },
      [i, signature] as const,
      `cell ${i}'s chart to change`,
      timeoutMs,
    );
    return (await this.charts(i))[0]!;
  }

  buttons(i: number): Promise<{ text: string; disabled: boolean }[]> {
    return this.page.evaluate((i) => window.cells.buttons(i), i);
  }

  sliders(i: number): Promise<{ description: string; readout: string }[]> {
    return this.page.evaluate((i) => window.cells.sliders(i), i);
  }

  labels(i: number): Promise<string[]> {
    return this.page.evaluate((i) => window.cells.labels(i), i);
  }

  /** Clicks the button (a Jupyter widget) labelled `text` in code cell i. */
  async clickButton(i: number, text: string): Promise<void> {
    await this.cell(i).locator(".widget-button", { hasText: text }).click();
  }

  /**
   * Drags the handle of the slider `description` in code cell i with the mouse, to `fraction` of
   * its track (0: the left end, 1: the right end), as a user drags it.
   */
  async dragSlider(i: number, description: string, fraction: number): Promise<void> {
    const slider = this.cell(i)
      .locator(".widget-slider")
      .filter({ has: this.page.locator(".widget-label", { hasText: description }) });
    await slider.scrollIntoViewIfNeeded();
    const handle = await slider.locator(".noUi-handle").boundingBox();
    const track = await slider.locator(".noUi-base").boundingBox();
    if (!handle || !track) throw new Error(`slider ${description} of cell ${i} is not on show`);
    const y = handle.y + handle.height / 2;
    await this.page.mouse.move(handle.x + handle.width / 2, y);
    await this.page.mouse.down();
    await this.page.mouse.move(track.x + fraction * track.width, y, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Starts recording what every code cell shows (see installCellReaders). */
  startRecording(): Promise<void> {
    return this.page.evaluate(() => window.cellRecorder.start());
  }

  /** Stops recording and returns what changed, in order. */
  stopRecording(): Promise<CellSample[]> {
    return this.page.evaluate(() => window.cellRecorder.stop());
  }

  /** Scrolls code cell i to the top of the notebook's view. */
  async scrollTo(i: number): Promise<void> {
    await this.cell(i).evaluate((e) => e.scrollIntoView({ block: "start" }));
  }

  /** A screenshot of the whole page, into `file` (its directory made as needed). */
  async screenshot(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }

  private cell(i: number) {
    return this.page.locator(".jp-Notebook .jp-CodeCell").nth(i);
  }

  private async menu(title: string, command: string): Promise<void> {
    await this.page.click(`.lm-MenuBar-item:has-text("${title}")`);
    await this.page.click(`.lm-Menu-item[data-command="${command}"]`);
  }
}
