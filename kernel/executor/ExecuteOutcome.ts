/** A cell that ran to the end; `result` is its last expression's value when it had one (not null/undefined). */
export interface ExecuteOk {
  status: "ok";
  hasResult: boolean;
  result?: unknown;
}

/** A cell that failed: a type or syntax error before running, a throw, a rejected await, an interrupt. */
export interface ExecuteError {
  status: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

export type ExecuteOutcome = ExecuteOk | ExecuteError;
