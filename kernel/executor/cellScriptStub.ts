import * as vm from "node:vm";

/** The global through which the compiled cell reaches the runner (tslab passes its own `__tslab__` the same way). */
const RUNNER = "__dstreamLabRunCell__";

type CellFunction = (exports: unknown, require: unknown) => unknown;

/**
 * Compiles a cell's JavaScript as a script of its own named `fileName` (so its stack frames read
 * `cell-3.js:5:15`, not tslab's `evalmachine.<anonymous>` shared by all cells) and returns it as
 * a function of tslab's `exports` and `require`. A `//# sourceURL=` comment would name the script
 * only when stacks are formatted by V8's default (vitest and source-map-support read getFileName()).
 */
function compileCell(fileName: string, isAsync: boolean, code: string): CellFunction {
  const head = isAsync ? "(async function(exports, require) {" : "(function(exports, require) {";
  return vm.runInThisContext(`${head}${code}\n})`, { filename: fileName }) as CellFunction;
}

/**
 * What tslab's executor runs instead of the compiled cell: a call that compiles it under its own
 * script name and runs it with the same `exports` and `require` in tslab's wrapper function (which
 * keeps vm's breakOnSigint over the call). `code` starts with a newline, so its line N is line N
 * of the named script. An async cell's promise is awaited, as tslab awaits its own wrapper's.
 *
 * @example
 * cellScriptStub("cell-3.js", "\nexports.x = 1;", false);
 * // 'globalThis.__dstreamLabRunCell__("cell-3.js", false, "\\nexports.x = 1;")(exports, require);'
 */
export function cellScriptStub(fileName: string, code: string, isAsync: boolean): string {
  const g = globalThis as Record<string, unknown>;
  g[RUNNER] ??= compileCell;
  const call = `globalThis.${RUNNER}(${JSON.stringify(fileName)}, ${isAsync}, ${JSON.stringify(code)})(exports, require)`;
  return isAsync ? `await ${call};` : `${call};`;
}
