import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { installKernelSpec } from "../../kernel/install";
import { tempDir } from "./testStreams";
import { requireVenv } from "./venv";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..");
/** The main job's HTML template: charts as images described by their text (see the template). */
const HTML_TEMPLATE = path.join(ROOT, "scripts", "nbconvert", "dstream-lab.html.j2");

/** An output of an executed cell, as nbformat stores it. */
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface ExecutedNotebook {
  /** Code cells in order, with their source and outputs. */
  cells: { source: string; outputs: NotebookOutput[] }[];
  /** nbconvert's HTML of the executed notebook. */
  html: string;
}

/**
 * Executes a notebook of notebooks/ headless, the way `npm start -- --headless` does: nbconvert 7
 * and nbclient from the project venv (scripts/setup.sh) start our kernel from a kernelspec installed
 * into a temporary Jupyter data directory, run every cell, and convert the result to HTML with the
 * main job's template.
 *
 * nbclient keeps only messages whose parent is the cell running at that moment, so a stream's
 * output that arrives after its cell finished is not in the file (live front ends do show it):
 * notebooks let their cells watch for a while (`await ssc.awaitTerminationOrTimeout(ms)`).
 *
 * @example
 * const { cells, html } = await executeNotebook("01-quickstart.ipynb");
 */
export async function executeNotebook(name: string, timeoutSeconds = 120): Promise<ExecutedNotebook> {
  const jupyter = requireVenv();
  const dataDir = tempDir("jupyter-data-");
  installKernelSpec(dataDir);
  const out = tempDir("notebook-out-");
  const env = {
    ...process.env,
    JUPYTER_DATA_DIR: dataDir,
    JUPYTER_PATH: dataDir,
    JUPYTER_RUNTIME_DIR: tempDir("jupyter-runtime-"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
  const nbconvert = (args: string[]) =>
    run(jupyter, ["nbconvert", ...args], { cwd: ROOT, env, maxBuffer: 1 << 26 });
  await nbconvert([
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.kernel_name=dstream-lab",
    `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
    "--ExecutePreprocessor.store_widget_state=False", // as scripts/start.sh: widgets as text in the HTML
    "--output-dir",
    out,
    "--output",
    "executed",
    path.join(ROOT, "notebooks", name),
  ]);
  const executed = path.join(out, "executed.ipynb");
  await nbconvert(["--to", "html", "--template-file", HTML_TEMPLATE, "--output-dir", out, executed]);
  const nb = JSON.parse(fs.readFileSync(executed, "utf8"));
  const join = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);
  return {
    cells: nb.cells
      .filter((c: { cell_type: string }) => c.cell_type === "code")
      .map((c: { source: string | string[]; outputs: NotebookOutput[] }) => ({
        source: join(c.source),
        outputs: c.outputs.map((o) => (o.text === undefined ? o : { ...o, text: join(o.text) })),
      })),
    html: fs.readFileSync(path.join(out, "executed.html"), "utf8"),
  };
}

/** An SVG image of an HTML export: its alternative text and the SVG, decoded from its data URI. */
export interface SvgImage {
  alt: string;
  svg: string;
}

/** The SVG images an HTML export shows (base64 data URIs, see scripts/nbconvert), decoded. */
export function svgImagesOf(html: string): string[] {
  return svgImagesWithAltOf(html).map((i) => i.svg);
}

/** The SVG images an HTML export shows, with the alternative text the main job's template gives them. */
export function svgImagesWithAltOf(html: string): SvgImage[] {
  const unescapeHtml = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
  // nbconvert 7 re-serializes its HTML with BeautifulSoup, which quotes an attribute holding `"` with `'`.
  const img = /<img alt=(?:"([^"]*)"|'([^']*)') src="data:image\/svg\+xml;base64,([^"]*)"/g;
  return [...html.matchAll(img)].map((m) => ({
    alt: unescapeHtml(m[1] ?? m[2]!),
    svg: Buffer.from(m[3]!, "base64").toString("utf8"),
  }));
}

type Cell = ExecutedNotebook["cells"][number];

/** The first code cell whose source contains `text`; throws if there is none. */
export function cellContaining(nb: ExecutedNotebook, text: string): Cell {
  const c = nb.cells.find((x) => x.source.includes(text));
  if (!c) throw new Error(`no cell containing ${text}`);
  return c;
}

/** A cell's display_data outputs (charts, the monitor, tables), in order. */
export function displaysOf(cell: Cell): NotebookOutput[] {
  return cell.outputs.filter((o) => o.output_type === "display_data");
}

/** A cell's execute_result, if it has one. */
export function resultOf(cell: Cell): NotebookOutput | undefined {
  return cell.outputs.find((o) => o.output_type === "execute_result");
}

/** Every error output of the notebook. */
export function errorsOf(nb: ExecutedNotebook): NotebookOutput[] {
  return nb.cells.flatMap((c) => c.outputs.filter((o) => o.output_type === "error"));
}

/** The data rows a chart output plots (its vega-lite spec's inlined values). */
export function chartRowsOf(chart: NotebookOutput): Record<string, unknown>[] {
  const spec = chart.data?.["application/vnd.vegalite.v5+json"] as
    | { data?: { values?: unknown } }
    | undefined;
  return (spec?.data?.values as Record<string, unknown>[] | undefined) ?? [];
}

/** The text of a cell's stdout. */
export function stdoutOf(cell: { outputs: NotebookOutput[] }): string {
  return cell.outputs
    .filter((o) => o.output_type === "stream" && o.name === "stdout")
    .map((o) => o.text)
    .join("");
}
