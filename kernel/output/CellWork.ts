import { AsyncLocalStorage } from "node:async_hooks";
import type { StreamingContext } from "../../engine";
import type { CellOutput } from "./CellOutput";

/**
 * The background work one cell started: its timers and intervals, and the StreamingContexts it
 * made. Interrupting the cell stops all of it, so an interrupted cell cannot go on printing into
 * the cells that run after it.
 */
export class CellWork {
  readonly timers = new Set<NodeJS.Timeout>();
  readonly contexts = new Set<StreamingContext>();
  private stoppedAt: number | undefined;

  constructor(
    readonly executionCount: number,
    /** The cell's output: closed on stop, so nothing the cell started can print into it any more. */
    readonly output?: CellOutput & { close?(): void },
  ) {}

  /** True once stop() ran: the cell's code may still resume, but may not schedule anything new. */
  get stopped(): boolean {
    return this.stoppedAt !== undefined;
  }

  /**
   * Stops the cell's StreamingContexts and clears its timers; resolves when the running batches
   * end. Their tasks on worker threads are cancelled (a task that never ends would otherwise keep
   * its batch, and so the stop, waiting forever): those batches fail with TaskCancelledError.
   */
  async stop(): Promise<void> {
    this.stoppedAt ??= Date.now();
    this.output?.close?.();
    const stops = [...this.contexts].map((ssc) => ssc.stop());
    for (const ssc of this.contexts) ssc.sc.cancelRunningTasks("the cell was interrupted");
    this.contexts.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.allSettled(stops);
  }
}

/** The CellWork of the cell whose code (or whose timers, promises, batches) is running. */
export const cellWorkStorage = new AsyncLocalStorage<CellWork>();
