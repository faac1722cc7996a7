// What a user sees in a JupyterLab 4 or Notebook 7 notebook (both are built of JupyterLab's
// widgets, so one reader serves both), read from the page's DOM. It runs in the page (installed
// by NotebookPage with addInitScript before JupyterLab's own scripts); the project's tsconfig has
// no DOM lib, hence `any`.

/** One chart of a cell output as the page shows it. */
export interface ChartView {
  /** Drawn by JupyterLab's vega renderer (vega-embed in its vega-lite output widget). */
  vega: boolean;
  /** What vega-embed draws into: "canvas" (its default) or "svg". */
  element: "canvas" | "svg";
  /**
   * On a canvas, its coloured pixels (marks: lines, points, bars; axes, grid and text are grey); in
   * an SVG, its mark elements.
   */
  markPixels: number;
  /** A hash of what is drawn: it changes when the picture does. */
  signature: string;
}

/** What one code cell shows, as recorded by the readers' recorder when it changed. */
export interface CellSample {
  /** ms since the recording started. */
  t: number;
  /** Index of the code cell (markdown cells not counted). */
  cell: number;
  /** The input prompt: "[ ]:", "[*]:" (queued or running), "[3]:" (done). */
  prompt: string;
  timeLines: number;
  /** The monitor's "Completed batches: N", or -1 when the cell has no monitor. */
  monitorBatches: number;
  charts: ChartView[];
}

declare const window: any;

/**
 * Installs `window.cells`, the page-side readers, and `window.cellRecorder`. Cells are counted
 * among the code cells of the notebook on show (markdown cells are not counted), as
 * executeNotebook counts them.
 */
export function installCellReaders(): void {
  const document = window.document;
  const notebook = (): any =>
    [...document.querySelectorAll(".jp-NotebookPanel")].find(
      (p: any) => !p.classList.contains("lm-mod-hidden"),
    ) ?? document;
  const codeCells = (): any[] => [...notebook().querySelectorAll(".jp-Notebook .jp-CodeCell")];
  const cell = (i: number): any => {
    const c = codeCells()[i];
    if (!c) throw new Error(`no code cell ${i}: the notebook shows ${codeCells().length}`);
    return c;
  };
  const area = (i: number): any => cell(i).querySelector(".jp-OutputArea");
  const outputs = (i: number): any[] => [...area(i).querySelectorAll(".jp-OutputArea-output")];

  /** Coloured pixels and a hash of a canvas's picture (FNV-1a over every 3rd pixel). */
  const canvasView = (canvas: any): { markPixels: number; signature: string } => {
    const { width, height } = canvas;
    if (width === 0 || height === 0) return { markPixels: 0, signature: "empty" };
    const data = canvas.getContext("2d").getImageData(0, 0, width, height).data;
    let marks = 0;
    let hash = 0x811c9dc5;
    for (let p = 0; p < data.length; p += 4) {
      const [r, g, b, a] = [data[p], data[p + 1], data[p + 2], data[p + 3]];
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 40) marks++;
      if (p % 12 === 0) hash = Math.imul(hash ^ (r + 7 * g + 13 * b + 17 * a), 0x01000193);
    }
    return { markPixels: marks, signature: `${width}x${height}:${(hash >>> 0).toString(16)}` };
  };
  const svgView = (svg: any): { markPixels: number; signature: string } => {
    const marks = svg.querySelectorAll(
      ".mark-symbol path, .mark-line path, .mark-rect path, .mark-area path",
    );
    let hash = 0x811c9dc5;
    for (const ch of svg.innerHTML) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
    return { markPixels: marks.length, signature: (hash >>> 0).toString(16) };
  };

  const readers = {
    count: (): number => codeCells().length,
    /** The input prompt of cell i: "[ ]:", "[*]:" or "[3]:". */
    prompt: (i: number): string => cell(i).querySelector(".jp-InputArea-prompt")?.textContent.trim() ?? "",
    /** True once cell i has run (its prompt shows an execution count, not `*` or nothing). */
    done: (i: number): boolean => /^\[\d+\]:$/.test(readers.prompt(i)),
    /** The execution count cell i shows, or undefined. */
    executionCount: (i: number): number | undefined => {
      const m = /^\[(\d+)\]:$/.exec(readers.prompt(i));
      return m ? Number(m[1]) : undefined;
    },
    /** Cell i's outputs as text, one output a line (charts left out: their text is vega-embed's menu). */
    text: (i: number): string =>
      outputs(i)
        .filter((e: any) => !e.classList.contains("jp-RenderedVegaLite"))
        .map((e: any) => e.textContent.replace(/\n$/, ""))
        .join("\n"),
    /** Cell i's errors and stderr, as text (JupyterLab shows both as application/vnd.jupyter.stderr). */
    errors: (i: number): string =>
      outputs(i)
        .filter((e: any) => e.dataset.mimeType === "application/vnd.jupyter.stderr")
        .map((e: any) => e.textContent)
        .join("\n"),
    /** How many `Time: … ms` headers of print() cell i shows. */
    timeLines: (i: number): number => (area(i).textContent.match(/Time: \d+ ms/g) ?? []).length,
    /** The charts of cell i. */
    charts: (i: number): ChartView[] =>
      outputs(i).flatMap((o: any): ChartView[] => {
        const vega = o.classList.contains("jp-RenderedVegaLite") && o.querySelector(".vega-embed") !== null;
        const canvas = o.querySelector(".vega-embed canvas.marks");
        if (canvas) return [{ vega, element: "canvas", ...canvasView(canvas) }];
        const svg = o.querySelector(".vega-embed svg.marks");
        if (svg) return [{ vega, element: "svg", ...svgView(svg) }];
        return [];
      }),
    /** Outputs of cell i drawn from a bundle's image/svg+xml or image/png instead of its vega-lite spec. */
    images: (i: number): number =>
      outputs(i).filter((o: any) => o.matches(".jp-RenderedSVG, .jp-RenderedImage")).length,
    /** The buttons (Jupyter widgets) cell i shows: their text and whether they are disabled. */
    buttons: (i: number): { text: string; disabled: boolean }[] =>
      [...area(i).querySelectorAll(".widget-button")].map((b: any) => ({
        text: b.textContent.trim(),
        disabled: b.disabled,
      })),
    /** The sliders cell i shows: description and readout (the value as the slider shows it). */
    sliders: (i: number): { description: string; readout: string }[] =>
      [...area(i).querySelectorAll(".widget-slider")].map((s: any) => ({
        description: s.querySelector(".widget-label")?.textContent.trim() ?? "",
        readout: s.querySelector(".widget-readout")?.textContent.trim() ?? "",
      })),
    /** The text labels (Label widgets, not a slider's description) cell i shows. */
    labels: (i: number): string[] =>
      [...area(i).querySelectorAll("div.widget-label")].map((l: any) => l.textContent.trim()),
    /** The monitor's text in cell i ("" when it has none). */
    monitor: (i: number): string => area(i).querySelector(".dstream-lab-monitor")?.textContent ?? "",
    /** The monitor's count of completed batches in cell i, or -1 without a monitor. */
    monitorBatches: (i: number): number => {
      const m = /Completed batches: (\d+)/.exec(readers.monitor(i));
      return m ? Number(m[1]) : -1;
    },
    /**
     * Watches cell i for a run: ran(i) is true once its prompt has shown `*` (queued or running)
     * and then an execution count. A count alone would not tell a new run (a restarted kernel
     * counts from 1 again), and `*` may show for a moment too short to be polled.
     */
    watchRun: (i: number): void => {
      const node = cell(i);
      node.dataset.testRan = "no";
      const observer = new window.MutationObserver(() => {
        if (readers.prompt(i).includes("*")) {
          node.dataset.testRan = "busy";
          observer.disconnect();
        }
      });
      observer.observe(node.querySelector(".jp-InputArea-prompt"), {
        childList: true,
        characterData: true,
        subtree: true,
      });
    },
    ran: (i: number): boolean => cell(i).dataset.testRan === "busy" && readers.done(i),
    /** How many times cell i's outputs show `pattern` (a regular expression's source). */
    matches: (i: number, pattern: string): number =>
      (readers.text(i).match(new RegExp(pattern, "g")) ?? []).length,
    /**
     * True once cell i's count of `pattern` (default: print()'s `Time:` headers) has held for `ms`
     * (polled: each call looks again).
     */
    steadyFor: (i: number, ms: number, pattern = "Time: \\d+ ms"): boolean => {
      const n = readers.matches(i, pattern);
      window.cellsSeen ??= {};
      const key = `${i} ${pattern}`;
      const seen = window.cellsSeen;
      if (seen[key]?.n !== n) seen[key] = { n, since: Date.now() };
      return Date.now() - seen[key].since >= ms;
    },
  };
  window.cells = readers;

  // The recorder: what every code cell shows, sampled every 100 ms and kept when it changed, so
  // a test can tell afterwards what changed while (and after) a cell ran, however fast the
  // notebook went by.
  let timer: unknown;
  window.cellRecorder = {
    start(): void {
      const samples: CellSample[] = [];
      const last: string[] = [];
      const t0 = Date.now();
      window.cellRecorder.samples = samples;
      clearInterval(timer as number);
      timer = setInterval(() => {
        for (let i = 0; i < readers.count(); i++) {
          const sample = {
            t: Date.now() - t0,
            cell: i,
            prompt: readers.prompt(i),
            timeLines: readers.timeLines(i),
            monitorBatches: readers.monitorBatches(i),
            charts: readers.charts(i),
          };
          const key = JSON.stringify({ ...sample, t: 0 });
          if (last[i] !== key) samples.push(sample);
          last[i] = key;
        }
      }, 100);
    },
    stop(): CellSample[] {
      clearInterval(timer as number);
      return window.cellRecorder.samples ?? [];
    },
  };
}
