// Running TypeScript cells. Every public export is named here.

export { alignTokens } from "./alignTokens";
export {
  CellExecutor,
  type CellExecutorOptions,
  type CompleteResult,
  type InspectResult,
} from "./CellExecutor";
export { type CellScript, CellScripts, cellScripts } from "./CellScripts";
export { CellSourceMap, type SourcePosition } from "./CellSourceMap";
export { CellWork, cellWorkStorage } from "./CellWork";
export { cellTraceback, FULL_TRACEBACK_ENV } from "./cellTraceback";
export type { ExecuteError, ExecuteOk, ExecuteOutcome } from "./ExecuteOutcome";
export { diagnosticsOutcome, exceptionOutcome, interruptOutcome, isInterruptError } from "./errorOutcome";
export { type IsCompleteResult, isCompleteCode } from "./isCompleteCode";
export { reportStreamErrors } from "./reportStreamErrors";
export { trackTimers } from "./trackTimers";
