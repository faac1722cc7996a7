import * as ts from "@tslab/typescript-for-tslab";
import { isCompleteCode as tslabIsComplete } from "tslab/dist/converter";

/** Jupyter's is_complete answer: run it, wait for more lines (with this indent), or it can never parse. */
export interface IsCompleteResult {
  status: "complete" | "incomplete" | "invalid";
  indent?: string;
}

/**
 * Whether a console should run `code` now: "incomplete" when the parser stops at the end waiting
 * for more (an open brace, a trailing operator), "invalid" for a syntax error elsewhere.
 *
 * @example isCompleteCode("function f() {") // { status: "incomplete", indent: "  " }
 */
export function isCompleteCode(code: string): IsCompleteResult {
  const r = tslabIsComplete(code);
  if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  return { status: diagnostics.length > 0 ? "invalid" : "complete" };
}
