import { CellSourceMap } from "./CellSourceMap";

/** One compiled cell the vm ran: which execution it was and how to map its positions back. */
export interface CellScript {
  /** The vm file name its stack frames carry, e.g. `cell-3.js`. */
  readonly fileName: string;
  readonly executionCount: number;
  readonly map: CellSourceMap;
}

/**
 * The compiled cells by vm file name, so a stack frame of any cell (also one whose function a
 * stream calls long after) maps back to that cell's TypeScript. Each cell gets its own file name
 * (`cell-<execution count>.js`, `cell-3.2.js` when a silent execution repeats a count), put into
 * the compiled code as a `//# sourceURL=` comment, which V8 uses as the script's name in stacks.
 *
 * Holds the last `capacity` cells used (registered or looked up): the entry of a cell is its
 * source and compiled text, plus the token alignment once a traceback needed it (a few bytes per
 * token), so 1000 cells of notebook size are a few MB. A frame of an evicted cell keeps its
 * compiled position.
 *
 * @example
 * const name = cellScripts.add(3, "throw new Error('x')", compiled); // "cell-3.js"
 * cellScripts.get("cell-3.js")?.map.originalPosition(2, 7);
 */
export class CellScripts {
  private readonly scripts = new Map<string, CellScript>();

  constructor(readonly capacity = 1000) {}

  /** Registers a compiled cell and returns its vm file name. */
  add(executionCount: number, source: string, compiled: string): string {
    let fileName = `cell-${executionCount}.js`;
    for (let i = 2; this.scripts.has(fileName); i++) fileName = `cell-${executionCount}.${i}.js`;
    this.scripts.set(fileName, { fileName, executionCount, map: new CellSourceMap(source, compiled) });
    while (this.scripts.size > this.capacity) {
      this.scripts.delete(this.scripts.keys().next().value as string);
    }
    return fileName;
  }

  /** The cell a vm file name belongs to; marks it recently used. */
  get(fileName: string): CellScript | undefined {
    const script = this.scripts.get(fileName);
    if (script) {
      this.scripts.delete(fileName);
      this.scripts.set(fileName, script);
    }
    return script;
  }

  get size(): number {
    return this.scripts.size;
  }
}

/** The kernel's one registry: tracebacks of cells and of stream failures read it. */
export const cellScripts = new CellScripts();
