/** A function that kept tasks on the main thread, and why (BatchContext.executorStats). */
export interface NotShippedFunction {
  /** The function's source, short; undefined when no single function is to blame (the input data). */
  readonly function: string | undefined;
  readonly reason: string;
  /** Tasks it kept on the main thread so far. */
  readonly tasks: number;
}

/** What the executor has done so far (BatchContext.executorStats). */
export interface ExecutorStats {
  /** The pool's size (threads start on first use and end when idle); 0 once stopped. */
  readonly workers: number;
  /** Worker threads running right now. */
  readonly threads: number;
  /** Map tasks computed on worker threads. */
  readonly tasksOnWorkers: number;
  /**
   * Map tasks computed on the main thread: those that could not ship, those cheaper to compute
   * than to copy, those re-run after their worker died, and those of synchronous actions (a
   * cell's `collect()` outside a stream: use `await rdd.collectAsync()` to use the workers).
   */
  readonly tasksOnMainThread: number;
  /** Of tasksOnMainThread: tasks whose functions or records could not ship (see notShippable). */
  readonly tasksNotShippable: number;
  /** Of tasksOnMainThread: tasks that could ship, kept because copying their records costs more than computing them. */
  readonly tasksCheaperOnMainThread: number;
  /** Of tasksOnMainThread: map outputs computed by synchronous actions (collect, count, ...). */
  readonly tasksOfSynchronousActions: number;
  /** The latest distinct reasons tasks stayed on the main thread (newest last), to fix them. */
  readonly notShippable: readonly NotShippedFunction[];
  /** The newest of notShippable's reasons, with its function. */
  readonly lastNotShippableReason: string | undefined;
  /** Worker threads that died mid-task and were replaced (their task re-ran on the main thread). */
  readonly workersReplaced: number;
  /** Tasks cancelled (sc.cancelRunningTasks(), an interrupt, sc.stop()). */
  readonly tasksCancelled: number;
}

/** How many distinct reasons notShippable keeps. */
const KEPT_REASONS = 5;

/** Counts what the executor does, for ExecutorStats. */
export class StatsRecorder {
  tasksOnWorkers = 0;
  tasksOnMainThread = 0;
  tasksNotShippable = 0;
  tasksCheaperOnMainThread = 0;
  tasksOfSynchronousActions = 0;
  private readonly reasons = new Map<
    string,
    { function: string | undefined; reason: string; tasks: number }
  >();

  /** A task that stays on the main thread because of `fn` (or its data) for `reason`. */
  notShippable(reason: string, fn: string | undefined): void {
    this.tasksNotShippable++;
    const key = `${fn}\u0000${reason}`;
    const entry = this.reasons.get(key) ?? { function: fn, reason, tasks: 0 };
    entry.tasks++;
    // Re-inserted so the newest reason is last, and the oldest is dropped first.
    this.reasons.delete(key);
    this.reasons.set(key, entry);
    if (this.reasons.size > KEPT_REASONS) this.reasons.delete(this.reasons.keys().next().value!);
  }

  snapshot(workers: number, threads: number, workersReplaced: number, tasksCancelled: number): ExecutorStats {
    const notShippable = [...this.reasons.values()].map((r) => ({ ...r }));
    const last = notShippable[notShippable.length - 1];
    return {
      workers,
      threads,
      tasksOnWorkers: this.tasksOnWorkers,
      tasksOnMainThread: this.tasksOnMainThread,
      tasksNotShippable: this.tasksNotShippable,
      tasksCheaperOnMainThread: this.tasksCheaperOnMainThread,
      tasksOfSynchronousActions: this.tasksOfSynchronousActions,
      notShippable,
      lastNotShippableReason: last && (last.function ? `\`${last.function}\`: ${last.reason}` : last.reason),
      workersReplaced,
      tasksCancelled,
    };
  }
}
