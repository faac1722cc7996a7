import type { ResourceLimits } from "node:worker_threads";
import type { ShuffleDependency } from "../rdd/internal";
import type { MapOutput } from "../rdd/shuffle";
import type { MapTask } from "./MapTask";
import { planMapTask } from "./planMapTask";
import { SyncWorker } from "./SyncWorker";
import { reviveThrown } from "./workerErrors";

/** What the parallel executor has done so far (BatchContext.executorStats). */
export interface ExecutorStats {
  /** Worker threads running (the main thread computes map tasks too); 0 once stopped. */
  readonly workers: number;
  /** Map tasks computed on worker threads. */
  readonly tasksOnWorkers: number;
  /** Map tasks computed on the main thread: its share, and those that could not ship. */
  readonly tasksOnMainThread: number;
  /** Map tasks offered to a worker that could not ship (they ran here), and the latest reason why. */
  readonly tasksNotShippable: number;
  readonly lastNotShippableReason: string | undefined;
  /** Workers found dead and replaced (their task re-ran on the main thread). */
  readonly workersReplaced: number;
}

/** Waits are cut into slices this long to look for workers that died mid-task. */
const LIVENESS_CHECK_MS = 100;
/** Workers dying this many times in a row with no task answered: give up on them (a broken install). */
const MAX_DEATHS_WITHOUT_PROGRESS = 3;

interface Running {
  readonly index: number;
  readonly task: MapTask;
}

/**
 * Computes the map side of shuffles on worker threads and the main thread at once, synchronously:
 * the caller (readShuffle, inside an action) gets every map output back before it continues, so
 * the synchronous RDD API does not change. A task ships only when planMapTask says a worker gets
 * the same result; everything else runs on the main thread exactly as without an executor.
 * Created by `new BatchContext({ workers: n })`.
 */
export class MapTaskExecutor {
  private readonly signal: Int32Array;
  private readonly workers: SyncWorker[];
  private nextId = 1;
  private deathsWithoutProgress = 0;
  private disabled = false;
  private readonly counts = {
    tasksOnWorkers: 0,
    tasksOnMainThread: 0,
    tasksNotShippable: 0,
    lastNotShippableReason: undefined as string | undefined,
    workersReplaced: 0,
  };

  constructor(
    workers: number,
    private readonly resourceLimits?: ResourceLimits,
  ) {
    this.signal = new Int32Array(new SharedArrayBuffer(4 * (1 + workers)));
    this.workers = Array.from(
      { length: workers },
      (_, slot) => new SyncWorker(this.signal, slot, resourceLimits),
    );
  }

  get stats(): ExecutorStats {
    return { workers: this.disabled ? 0 : this.workers.length, ...this.counts };
  }

  /** @internal The workers' OS thread ids where known (Linux), for checking that stop() ends them. */
  get osThreadIds(): number[] {
    return this.workers.map((w) => w.osThreadId).filter((t) => t > 0);
  }

  /**
   * The map outputs of partitions `maps` of `dep`, in that order. Shippable tasks go to idle
   * workers; the main thread computes the rest with `local`, then takes shippable tasks from the
   * back of the queue while the workers take them from the front. The first failure (by position)
   * is thrown once the tasks already running have answered, as the local path would throw it.
   */
  runMapTasks<K, V, C>(
    dep: ShuffleDependency<K, V, C>,
    maps: readonly number[],
    local: (m: number) => MapOutput<K, V, C>,
  ): MapOutput<K, V, C>[] {
    const results: MapOutput<K, V, C>[] = new Array(maps.length);
    // Positions the main thread computes (not shippable, or handed back), and those a worker may
    // take. A task is planned only when a worker is about to take it: the main thread's share
    // needs no input copy and no check that its records are plain data.
    const mine: number[] = [];
    const queue: number[] = maps.map((_, index) => index);
    if (!this.disabled) this.replaceExited();
    const running = new Map<SyncWorker, Running>();
    let failure: { index: number; error: unknown } | undefined;
    const fail = (index: number, error: unknown) => {
      if (!failure || index < failure.index) failure = { index, error };
    };
    const runHere = (index: number) => {
      try {
        results[index] = local(maps[index]!);
        this.counts.tasksOnMainThread++;
      } catch (e) {
        fail(index, e);
      }
    };
    let checkLiveness = false;
    for (;;) {
      // Read the counter before looking for replies: a reply sent after this read changes it,
      // so the wait below returns at once instead of missing the wake-up.
      const seen = Atomics.load(this.signal, 0);
      for (const [worker, r] of running) {
        const reply = worker.take();
        if (reply) {
          running.delete(worker);
          this.deathsWithoutProgress = 0;
          if (reply.kind === "done") {
            results[r.index] = reply.buckets as MapOutput<K, V, C>;
            this.counts.tasksOnWorkers++;
          } else if (reply.kind === "failed") {
            fail(r.index, reviveThrown(reply.thrown));
          } else {
            this.notShippable(reply.reason);
            mine.push(r.index);
          }
        } else if (checkLiveness && !worker.alive) {
          running.delete(worker);
          this.replace(worker);
          mine.push(r.index);
        }
      }
      checkLiveness = false;
      if (!failure) {
        for (let slot = 0; slot < this.workers.length && queue.length > 0 && !this.disabled; slot++) {
          if (this.workers[slot]!.task !== undefined) continue;
          if (!this.workers[slot]!.alive) this.replace(this.workers[slot]!);
          const worker = this.workers[slot]!;
          if (!worker.alive) continue;
          while (queue.length > 0) {
            const index = queue.shift()!;
            const plan = planMapTask(dep, maps[index]!, this.nextId++);
            if ("reason" in plan) {
              this.notShippable(plan.reason);
              mine.push(index);
              continue;
            }
            worker.post(plan.task);
            running.set(worker, { index, task: plan.task });
            break;
          }
        }
        const here = mine.shift() ?? queue.pop();
        if (here !== undefined) {
          runHere(here);
          continue;
        }
      }
      if (running.size === 0) break;
      if (Atomics.wait(this.signal, 0, seen, LIVENESS_CHECK_MS) === "timed-out") checkLiveness = true;
    }
    if (failure) throw failure.error;
    return results;
  }

  /** Terminates the workers; later shuffles run on the main thread. */
  stop(): void {
    this.disabled = true;
    for (const w of this.workers) w.terminate();
  }

  private notShippable(reason: string): void {
    this.counts.tasksNotShippable++;
    this.counts.lastNotShippableReason = reason;
  }

  /** Workers whose exit was seen between jobs (the event loop ran): replace them now. */
  private replaceExited(): void {
    for (const w of this.workers) if (w.hasExited && w.task === undefined) this.replace(w);
  }

  private replace(dead: SyncWorker): void {
    if (this.workers[dead.slot] !== dead) return;
    dead.terminate();
    this.counts.workersReplaced++;
    if (dead.answered === 0 && ++this.deathsWithoutProgress >= MAX_DEATHS_WITHOUT_PROGRESS) {
      this.stop();
      process.emitWarning(
        `dstream-lab: ${MAX_DEATHS_WITHOUT_PROGRESS} worker threads in a row died before answering a task, ` +
          "so shuffles now run on the main thread only. Fix: check that the engine's files (and tsx, when " +
          "running TypeScript sources) can be loaded in a worker, or create the BatchContext without `workers`.",
        "DStreamLabWarning",
      );
      return;
    }
    this.workers[dead.slot] = new SyncWorker(this.signal, dead.slot, this.resourceLimits);
  }
}
