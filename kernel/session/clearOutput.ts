import { currentOutput } from "../output";

/**
 * Clears the running cell's output; with `wait`, only when the next output arrives, so a cell
 * that redraws (clear, then display) does not flicker.
 *
 * @example
 * for (let i = 0; i < 3; i++) { clearOutput(true); display(`frame ${i}`); await new Promise((r) => setTimeout(r, 100)); }
 */
export function clearOutput(wait = false): void {
  currentOutput()?.clearOutput?.(wait);
}
