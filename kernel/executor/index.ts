// Running TypeScript cells. Every public export is named here.

export {
  CellExecutor,
  type CellExecutorOptions,
  type CompleteResult,
  type InspectResult,
} from "./CellExecutor";
export type { ExecuteError, ExecuteOk, ExecuteOutcome } from "./ExecuteOutcome";
export { diagnosticsOutcome, exceptionOutcome, interruptOutcome, isInterruptError } from "./errorOutcome";
export { type IsCompleteResult, isCompleteCode } from "./isCompleteCode";
export { reportStreamErrors } from "./reportStreamErrors";
export { trackTimers } from "./trackTimers";
