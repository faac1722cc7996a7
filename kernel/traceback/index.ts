// Where a cell's code came from: each compiled cell's script and source map, and stack traces
// told in the user's cell lines. Every public export is named here.

export { alignTokens } from "./alignTokens";
export { type CellScript, CellScripts, cellScripts } from "./CellScripts";
export { CellSourceMap, type SourcePosition } from "./CellSourceMap";
export { cellTraceback, FULL_TRACEBACK_ENV } from "./cellTraceback";
