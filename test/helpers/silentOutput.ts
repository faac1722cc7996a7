import type { CellOutput } from "../../kernel/output";

/** A cell output that drops everything: for tests that look at results, not at what a cell prints. */
export const silentOutput: CellOutput = {
  stream() {},
  display() {},
  updateDisplay() {},
  error() {},
  clearOutput() {},
};
