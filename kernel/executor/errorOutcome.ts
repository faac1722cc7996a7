import { inspect } from "node:util";
import type { Diagnostic } from "tslab/dist/converter";
import { cellTraceback } from "../traceback/cellTraceback";
import type { ExecuteError } from "./ExecuteOutcome";

/**
 * What a thrown value (or rejected await) looks like to Jupyter: ename, evalue and a traceback
 * whose first line is "ename: evalue" followed by the stack frames of the user's code, cells mapped
 * to their TypeScript lines (cellTraceback).
 */
export function exceptionOutcome(e: unknown): ExecuteError {
  if (e instanceof Error) {
    const ename = e.name || e.constructor?.name || "Error";
    const evalue = e.message;
    return { status: "error", ename, evalue, traceback: [`${ename}: ${evalue}`, ...cellTraceback(e.stack)] };
  }
  const evalue = typeof e === "string" ? e : inspect(e);
  return { status: "error", ename: "Error", evalue, traceback: [`Uncaught ${evalue}`] };
}

/** Compile errors, reported before anything ran: SyntaxError for parse errors, TypeScriptError otherwise. */
export function diagnosticsOutcome(diagnostics: readonly Diagnostic[]): ExecuteError {
  // TypeScript numbers parse (syntax) errors 1000–1999.
  const ename = diagnostics.some((d) => d.code >= 1000 && d.code < 2000) ? "SyntaxError" : "TypeScriptError";
  const lines = diagnostics.map(
    (d) =>
      `${d.fileName ? `${d.fileName} ` : ""}${d.start.line + 1}:${d.start.character + 1} - ${d.messageText}`,
  );
  const evalue = lines.join("\n");
  return { status: "error", ename, evalue, traceback: [`${ename}: ${lines[0]}`, ...lines.slice(1)] };
}

/** A cell stopped by an interrupt (SIGINT or interrupt_request), named as IPython names it. */
export function interruptOutcome(): ExecuteError {
  const evalue = "The cell was interrupted; the streams and timers it started were stopped.";
  return { status: "error", ename: "KeyboardInterrupt", evalue, traceback: [`KeyboardInterrupt: ${evalue}`] };
}

/** The error vm's breakOnSigint throws, and the one tslab's executor rejects an interrupted await with. */
export function isInterruptError(e: unknown): boolean {
  return (
    e instanceof Error &&
    ((e as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" ||
      e.message === "Script execution interrupted." ||
      e.message === "Interrupted asynchronously")
  );
}
