import type { CompleteResult, ExecuteOutcome, InspectResult, IsCompleteResult } from "../executor";
import type { CellOutput, MimeBundle } from "../output";

/** What the handler needs from an executor (CellExecutor implements it). */
export interface KernelExecutor {
  execute(code: string, output: CellOutput, executionCount: number): Promise<ExecuteOutcome>;
  complete(code: string, cursorPos: number): CompleteResult;
  inspect(code: string, cursorPos: number): InspectResult;
  isComplete(code: string): IsCompleteResult;
  interrupt(): Promise<void>;
  /** How a cell's result is shown (execute_result): kernel/display's toMimeBundle. */
  toMimeBundle(value: unknown): MimeBundle;
}
