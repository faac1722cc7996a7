/**
 * Every error the engine throws on purpose. Each message states the rule that was broken and
 * how to fix it, so a notebook user can act on it without reading the source.
 */

/** Base class: lets callers tell engine errors from errors thrown by user functions. */
export class DStreamLabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A duration that is negative, fractional or not finite, or not the multiple it must be. */
export class InvalidDurationError extends DStreamLabError {}

/** A window length or slide that is not a multiple of the parent stream's slide duration. */
export class InvalidWindowError extends DStreamLabError {}

/** A key that cannot be compared by value (an object, a function, an array holding objects). */
export class NonComparableKeyError extends DStreamLabError {
  constructor(
    readonly operator: string,
    readonly key: unknown,
  ) {
    super(
      `${operator}: the key ${describeValue(key)} cannot be compared by value. Keys must be primitives ` +
        "(string, number, boolean, bigint, null, undefined) or arrays of primitives (tuples). " +
        "Fix: turn the key into a string or a tuple first, e.g. .map(([k, v]) => [JSON.stringify(k), v]).",
    );
  }
}

/** An operation that is not allowed in the context's current lifecycle state. */
export class IllegalStateError extends DStreamLabError {}

/** An argument that breaks an operation's contract (e.g. a partition count below 1). */
export class IllegalArgumentError extends DStreamLabError {}

/** A failure inside a batch: wraps what a user function threw, with the batch time and output. */
export class BatchFailedError extends DStreamLabError {
  constructor(
    readonly batchTimeMs: number,
    readonly outputOperation: string,
    override readonly cause: unknown,
  ) {
    super(
      // The cause's own full stop is dropped so the sentences do not run into "..".
      `Batch ${batchTimeMs} ms failed in output operation ${outputOperation}: ${errorMessage(cause).replace(/\.$/, "")}. ` +
        "Earlier batches and their state are unaffected; fix the function and the next batch runs normally.",
    );
  }
}

/**
 * A task running on a worker thread was stopped before it finished: interrupted from the notebook
 * (`sc.cancelRunningTasks()`) or its BatchContext was stopped. The message names the task's
 * functions, the likeliest culprits of a task that never ends.
 */
export class TaskCancelledError extends DStreamLabError {}

/** A checkpoint directory that is missing when an operator needs one, or unreadable. */
export class CheckpointError extends DStreamLabError {}

/** A State (mapWithState) used against its rules, e.g. get() on a missing state. */
export class StateAccessError extends DStreamLabError {}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function describeValue(v: unknown): string {
  if (typeof v === "function") return `function ${v.name || "(anonymous)"}`;
  if (v === null || typeof v !== "object") return String(v);
  const kind = Array.isArray(v) ? "array" : (v.constructor?.name ?? "object");
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    text = String(v);
  }
  if (text.length > 60) text = `${text.slice(0, 57)}...`;
  return `${text} (${kind === "Object" ? "an object" : `a ${kind}`})`;
}
