import type { ResourceLimits } from "node:worker_threads";
import { TaskCancelledError } from "../errors";
import type { ShuffleDependency } from "../rdd/Dependency";
import { ensureMapOutput, recordMapOutputFailure, storeMapOutput } from "../rdd/shuffle";
import { decodeBuckets } from "./bucketCodec";
import { type ExecutorStats, StatsRecorder } from "./ExecutorStats";
import { MapTaskFeed } from "./MapTaskFeed";
import { type MapTaskPlan, planMapTask, type ShipOnce } from "./planMapTask";
import { ShipCostModel } from "./ShipCostModel";
import { shipFunction } from "./shipFunction";
import { shortSource } from "./shortSource";
import { WorkerPool } from "./WorkerPool";
import { reviveThrown } from "./workerErrors";

/**
 * Where a BatchContext's tasks run: a pool of worker threads for tasks that ship, the main
 * thread for the rest (computeMapStages drives it, stage by stage). Results are the same wherever
 * a task runs; `stats` says where they ran and why a task stayed on the main thread.
 */
export class Executor {
  private readonly pool: WorkerPool;
  private readonly recorder = new StatsRecorder();
  private readonly costs = new ShipCostModel();

  constructor(workers: number, resourceLimits?: ResourceLimits) {
    this.pool = new WorkerPool(workers, resourceLimits);
  }

  get stats(): ExecutorStats {
    return this.recorder.snapshot(
      this.pool.active ? this.pool.size : 0,
      this.pool.threads,
      this.pool.replaced,
      this.pool.cancelled,
    );
  }

  /** shipFunction for one job: each function is shipped once, its captured values read once. */
  shipOnce(): ShipOnce {
    const shipped = new Map<Function, ReturnType<ShipOnce>>();
    return (fn) => {
      let s = shipped.get(fn);
      if (!s) {
        s = shipFunction(fn);
        shipped.set(fn, s);
      }
      return s;
    };
  }

  /**
   * Computes map outputs `maps` of `dep`: the tasks that ship go to the pool all at once, the
   * others run here one per `pause()`, while the workers work. A task that throws on a worker
   * leaves its error for the action that reads the output (it fails there, as it would have
   * here); a task whose worker died runs here. False when a task failed (later stages need not
   * be computed ahead: the action will fail).
   */
  async runMapStage(
    dep: ShuffleDependency<any, any, any>,
    maps: readonly number[],
    pause: () => Promise<void>,
    ship: ShipOnce,
  ): Promise<boolean> {
    const here: { m: number; plan?: MapTaskPlan }[] = [];
    const away: Promise<boolean>[] = [];
    for (const m of maps) {
      if (!this.pool.active) {
        here.push({ m });
        continue;
      }
      const planned = planMapTask(dep, m, ship);
      if (!("plan" in planned)) {
        this.recorder.notShippable(planned.reason, planned.fn && shortSource(planned.fn));
        here.push({ m });
      } else if (this.costs.keepHere(planned.plan.signature, planned.plan.data.length)) {
        this.recorder.tasksCheaperOnMainThread++;
        here.push({ m, plan: planned.plan });
      } else {
        away.push(this.ship(dep, m, planned.plan, pause));
      }
    }
    let ok = true;
    for (const { m, plan } of here) {
      if (!this.computeHere(dep, m, plan)) {
        ok = false;
        break;
      }
      await pause();
    }
    const shipped = await Promise.all(away);
    return ok && shipped.every(Boolean);
  }

  /** A map output computed by a synchronous action (readShuffle), for the stats. */
  computedSynchronously(): void {
    this.recorder.tasksOnMainThread++;
    this.recorder.tasksOfSynchronousActions++;
  }

  /** Cancels the running and queued tasks (TaskCancelledError); returns how many. */
  cancel(why: string): number {
    return this.pool.cancel(why);
  }

  stop(): void {
    this.pool.stop();
  }

  private async ship(
    dep: ShuffleDependency<any, any, any>,
    m: number,
    plan: MapTaskPlan,
    pause: () => Promise<void>,
  ): Promise<boolean> {
    const feed = new MapTaskFeed(plan, dep.operator, m);
    let reply: Awaited<ReturnType<WorkerPool["run"]>>;
    try {
      reply = await this.pool.run(feed);
    } catch (e) {
      if (e instanceof TaskCancelledError) {
        recordMapOutputFailure(dep, m, e);
        return false;
      }
      // The worker died (out of memory, a crash) or the pool stopped: compute it here.
      await pause();
      return this.computeHere(dep, m);
    }
    switch (reply.kind) {
      case "done": {
        const started = performance.now();
        storeMapOutput(dep, m, decodeBuckets(reply.buckets));
        this.recorder.tasksOnWorkers++;
        const copyMs = feed.copyMs + performance.now() - started;
        this.costs.shipped(plan.signature, plan.data.length, copyMs, reply.computeMs);
        return true;
      }
      case "failed":
        recordMapOutputFailure(dep, m, reviveThrown(reply.thrown));
        return false;
      case "unshippable":
        this.recorder.notShippable(reply.reason, undefined);
        await pause();
        return this.computeHere(dep, m);
    }
  }

  /** Computes map output `m` here; false if it threw (the action will throw it again). */
  private computeHere(dep: ShuffleDependency<any, any, any>, m: number, plan?: MapTaskPlan): boolean {
    const started = performance.now();
    try {
      if (!ensureMapOutput(dep, m)) return true;
    } catch {
      // Best effort only: the action recomputes the missing output and fails where it would
      // have anyway — inside the state and window RDDs that catch a failed batch and go on from
      // the last good one, which an error thrown from here would bypass.
      return false;
    }
    this.recorder.tasksOnMainThread++;
    if (plan) this.costs.computedHere(plan.signature, plan.data.length, performance.now() - started);
    return true;
  }
}
