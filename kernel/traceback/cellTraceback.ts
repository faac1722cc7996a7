import * as path from "node:path";
import { type CellScripts, cellScripts } from "./CellScripts";

/** The project's own folders: frames in them are dstream-lab's machinery, not the user's code. */
const PROJECT = path.resolve(__dirname, "..", "..");
const LIBRARY_DIRS = ["engine", "kernel", "ml"].map((d) => path.join(PROJECT, d) + path.sep);

/** `    at name (file:line:column)` or `    at file:line:column`. */
const FRAME = /^(\s+at (?:async )?)(?:(.+?) \()?(.+?):(\d+):(\d+)(\)?)$/;

/** Set to show every frame, dstream-lab's and Node's included (for debugging the kernel). */
export const FULL_TRACEBACK_ENV = "DSTREAM_LAB_FULL_TRACEBACK";

/**
 * The stack frames of an error as a notebook user wants them, the way IPython shows
 * `Cell In[5], line 2`: frames of cell code point at the cell and its TypeScript line:column
 * (`    at f (Cell In[3], line 2:13)`), frames inside dstream-lab (engine/, kernel/, ml/), Node
 * (node:…) and node_modules are left out and counted on a last line
 * (`    … 12 frames inside dstream-lab and Node`). Frames of the user's own files stay.
 * `DSTREAM_LAB_FULL_TRACEBACK=1` keeps every frame (cells still mapped).
 *
 * @example
 * cellTraceback(err.stack);
 * // ["    at f (Cell In[3], line 2:20)", "    at Cell In[4], line 1:1", "    … 9 frames inside dstream-lab and Node"]
 */
export function cellTraceback(stack: string | undefined, scripts: CellScripts = cellScripts): string[] {
  const frames = (stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const keepAll = Boolean(process.env[FULL_TRACEBACK_ENV]);
  const shown: string[] = [];
  let hidden = 0;
  frames.forEach((frame, i) => {
    // A native frame (`at Array.map (<anonymous>)`) belongs to whoever called it: the next frame.
    const owner = frames.slice(i).find((f) => !isNative(f)) ?? frame;
    if (!keepAll && (isInternal(owner, scripts) || isInternal(frame, scripts))) {
      hidden++;
      return;
    }
    shown.push(mapFrame(frame, scripts));
  });
  if (hidden > 0) shown.push(`    … ${hidden} frame${hidden === 1 ? "" : "s"} inside dstream-lab and Node`);
  return shown;
}

/** A frame of a compiled cell, rewritten to the cell's TypeScript position; any other frame as it is. */
function mapFrame(frame: string, scripts: CellScripts): string {
  const m = FRAME.exec(frame);
  if (!m) return frame;
  const [, at, name, file, line, column] = m;
  const script = scripts.get(file);
  if (!script) return frame;
  const pos = script.map.originalPosition(Number(line), Number(column));
  const where = pos
    ? `Cell In[${script.executionCount}], line ${pos.line}:${pos.column}`
    : `Cell In[${script.executionCount}], compiled ${line}:${column}`;
  // Functions of earlier cells are called as properties of tslab's exports proxy: `Proxy.f`.
  const shortName = name?.replace(/^Proxy\./, "");
  return shortName ? `${at}${shortName} (${where})` : `${at}${where}`;
}

function isNative(frame: string): boolean {
  return /\((?:<anonymous>|native|index \d+)\)$/.test(frame);
}

/** A frame of dstream-lab, Node, node_modules, or of the wrapper tslab runs a cell in. */
function isInternal(frame: string, scripts: CellScripts): boolean {
  const m = FRAME.exec(frame);
  const file = m ? m[3].replace(/^file:\/\//, "") : frame;
  const cell = m ? scripts.get(file) : undefined;
  if (cell) return cell.map.isWrapperLine(Number(m?.[4]));
  return (
    // tslab's script around each cell: it only calls the cell's own script (cellScriptStub).
    file === "evalmachine.<anonymous>" ||
    /^node:|[\\/]node_modules[\\/]/.test(file) ||
    /^\s+at node:|\(node:/.test(frame) ||
    LIBRARY_DIRS.some((dir) => file.startsWith(dir))
  );
}
