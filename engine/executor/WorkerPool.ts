import type { ResourceLimits } from "node:worker_threads";
import { TaskCancelledError } from "../errors";
import type { FromWorker, ToWorker } from "./MapTask";
import { PoolWorker } from "./PoolWorker";

/** A task for the pool: it sends itself to the worker it is given (start, chunks, end). */
export interface PoolTask {
  /** What the task runs, for the error that cancels it: "the reduceByKey map task of partition 3 (map `(w) => [w, 1]`)". */
  readonly description: string;
  /**
   * Sends the task as task `id` through `send`, yielding to the event loop between chunks; stops
   * early once `settled()` (the worker has answered, say because a function threw).
   */
  feed(
    id: number,
    send: (message: ToWorker, transfer?: ArrayBuffer[]) => void,
    settled: () => boolean,
  ): Promise<void>;
}

/** The worker computing a task died (out of memory, a crash): the task should run elsewhere. */
export class WorkerLostError extends Error {
  override readonly name = "WorkerLostError";
}

interface Entry {
  readonly task: PoolTask;
  readonly resolve: (reply: FromWorker) => void;
  readonly reject: (error: Error) => void;
  id: number;
  started: number;
  settled: boolean;
}

/** An idle worker thread is ended after this long (a notebook left alone holds no threads). */
const IDLE_MS = 10_000;
/** Workers dying this many times in a row before answering a task: a broken install; stop using them. */
const MAX_DEATHS_WITHOUT_PROGRESS = 3;

/**
 * A fixed number of worker threads computing tasks sent by message: `run` resolves with the
 * worker's answer while the main thread goes on serving its event loop. Threads start on first
 * use and end after being idle for a while; a thread that dies mid-task rejects its task with
 * WorkerLostError and is replaced by the next task that needs one.
 *
 * @example
 * const pool = new WorkerPool(2);
 * const reply = await pool.run(task); // { kind: "done", buckets, ... }
 * pool.stop();
 */
export class WorkerPool {
  private readonly slots: (PoolWorker | undefined)[];
  private readonly running = new Map<PoolWorker, Entry>();
  private readonly idleTimers = new Map<PoolWorker, NodeJS.Timeout>();
  private readonly queue: Entry[] = [];
  private nextId = 1;
  private deathsWithoutProgress = 0;
  private disabled = false;
  /** Workers found dead and replaced (their task re-ran on the main thread). */
  replaced = 0;
  /** Tasks cancelled (cancel() or stop()). */
  cancelled = 0;

  constructor(
    readonly size: number,
    private readonly resourceLimits?: ResourceLimits,
  ) {
    this.slots = new Array(size).fill(undefined);
  }

  /** Whether tasks can still be run (false once stopped, or after workers kept dying). */
  get active(): boolean {
    return !this.disabled;
  }

  /** Worker threads running now (they start on first use and end when idle). */
  get threads(): number {
    return this.slots.filter((w) => w?.alive).length;
  }

  /** The worker's answer to `task`; rejects with WorkerLostError or TaskCancelledError. */
  run(task: PoolTask): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (this.disabled) {
        reject(new WorkerLostError("the worker pool is stopped"));
        return;
      }
      this.queue.push({ task, resolve, reject, id: 0, started: 0, settled: false });
      this.dispatch();
    });
  }

  /**
   * Ends every running and queued task: busy threads are terminated (a task stuck in a loop
   * cannot be stopped any other way), and each task is rejected with TaskCancelledError naming
   * it. Idle threads stay. Returns how many tasks were cancelled.
   */
  cancel(why: string): number {
    let n = 0;
    for (const [worker, entry] of [...this.running]) {
      this.running.delete(worker);
      this.remove(worker);
      const seconds = ((performance.now() - entry.started) / 1000).toFixed(1);
      this.settle(
        entry,
        undefined,
        cancelled(`${entry.task.description} was cancelled after ${seconds} s (${why})`),
      );
      n++;
    }
    for (const entry of this.queue.splice(0)) {
      this.settle(
        entry,
        undefined,
        cancelled(`${entry.task.description} was cancelled before it started (${why})`),
      );
      n++;
    }
    this.cancelled += n;
    return n;
  }

  /** Cancels every task and ends every thread; later tasks are rejected at once. */
  stop(): void {
    this.cancel("its BatchContext was stopped");
    this.disabled = true;
    for (const w of this.slots) if (w) this.remove(w);
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.disabled) {
      const slot = this.slots.findIndex((w) => !w || (w.alive && !this.running.has(w)));
      if (slot < 0) return;
      let worker = this.slots[slot];
      if (!worker) {
        worker = new PoolWorker(
          this.resourceLimits,
          (w, message) => this.answered(w, message),
          (w, crashed) => this.exited(w, crashed),
        );
        this.slots[slot] = worker;
      }
      const entry = this.queue.shift()!;
      this.start(worker, entry);
    }
  }

  private start(worker: PoolWorker, entry: Entry): void {
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    entry.id = this.nextId++;
    entry.started = performance.now();
    this.running.set(worker, entry);
    worker.keepAlive(true);
    entry.task
      .feed(
        entry.id,
        (message, transfer) => worker.post(message, transfer),
        () => entry.settled,
      )
      .catch((e: unknown) => {
        // The input could not be sent (a copy failed): the worker drops the half-sent task when
        // the next one starts; this one runs on the main thread.
        if (this.running.get(worker) !== entry) return;
        this.running.delete(worker);
        this.idle(worker);
        this.settle(entry, {
          id: entry.id,
          kind: "unshippable",
          reason: `its input cannot be copied: ${String(e)}`,
        });
        this.dispatch();
      });
  }

  private answered(worker: PoolWorker, message: FromWorker): void {
    const entry = this.running.get(worker);
    // A late answer of a task already given up on (its input could not be sent).
    if (!entry || entry.id !== message.id) return;
    this.deathsWithoutProgress = 0;
    this.running.delete(worker);
    this.idle(worker);
    this.settle(entry, message);
    this.dispatch();
  }

  private exited(worker: PoolWorker, crashed: boolean): void {
    const slot = this.slots.indexOf(worker);
    if (slot >= 0) this.slots[slot] = undefined;
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    const entry = this.running.get(worker);
    this.running.delete(worker);
    if (!crashed) return;
    this.replaced++;
    if (worker.answered === 0 && ++this.deathsWithoutProgress >= MAX_DEATHS_WITHOUT_PROGRESS) {
      this.disabled = true;
      process.emitWarning(
        `dstream-lab: ${MAX_DEATHS_WITHOUT_PROGRESS} worker threads in a row died before answering a task ` +
          `(the last: ${worker.deathReason}), so tasks now run on the main thread only. Fix: check that the ` +
          "engine's files (and tsx, when running TypeScript sources) can be loaded in a worker, or create " +
          "the BatchContext with `workers: 0`.",
        "DStreamLabWarning",
      );
      for (const queued of this.queue.splice(0))
        this.settle(queued, undefined, new WorkerLostError("no workers"));
    }
    if (entry)
      this.settle(entry, undefined, new WorkerLostError(`the worker thread died: ${worker.deathReason}`));
    this.dispatch();
  }

  private idle(worker: PoolWorker): void {
    worker.keepAlive(false);
    const timer = setTimeout(() => {
      this.idleTimers.delete(worker);
      if (!this.running.has(worker)) this.remove(worker);
    }, IDLE_MS);
    timer.unref();
    this.idleTimers.set(worker, timer);
  }

  private remove(worker: PoolWorker): void {
    const slot = this.slots.indexOf(worker);
    if (slot >= 0) this.slots[slot] = undefined;
    clearTimeout(this.idleTimers.get(worker));
    this.idleTimers.delete(worker);
    worker.terminate();
  }

  private settle(entry: Entry, reply: FromWorker | undefined, error?: Error): void {
    if (entry.settled) return;
    entry.settled = true;
    if (error) entry.reject(error);
    else entry.resolve(reply!);
  }
}

function cancelled(what: string): TaskCancelledError {
  return new TaskCancelledError(
    `${what}, so its batch failed. Fix: if the task never ends, look for a loop that does not finish in ` +
      "the functions named; to debug them on the main thread, create the BatchContext with `workers: 0` " +
      "(or set DSTREAM_LAB_WORKERS=0).",
  );
}
