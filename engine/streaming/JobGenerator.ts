import type { Clock } from "../time/Clock";
import { Time } from "../time/Time";
import type { DStreamGraph } from "./DStreamGraph";

/** Where a context recovered from a metadata checkpoint resumes (see StreamingContext.getOrCreate). */
export interface RestartPlan {
  /** The zero time of the run that wrote the checkpoint: batch times stay on its grid. */
  zeroTime: Time;
  /** The last batch whose jobs all finished: it is not run again. */
  checkpointTime: Time;
  /** Batches generated but not finished when the checkpoint was written. */
  pendingTimes: Time[];
}

/**
 * Cuts time into batches: at every multiple of the batch interval it asks the graph for the
 * batch's jobs and hands them to `submit`. The promise `submit` returns (the batch finishing) is
 * passed back to the clock, which a ManualClock awaits and a SystemClock ignores.
 */
export class JobGenerator {
  private cancelNext: (() => void) | undefined;
  private readonly cancelReplays: (() => void)[] = [];
  private stopped = false;
  lastGeneratedTime: Time | undefined;
  /** The batch times a restart re-ran (pending and down-time batches), for the monitor and tests. */
  readonly replayedTimes: Time[] = [];

  constructor(
    private readonly graph: DStreamGraph,
    private readonly clock: Clock,
    private readonly submit: (time: Time) => Promise<void>,
  ) {}

  /**
   * Starts at the next multiple of the batch interval; zero time is one interval before it. A
   * restart keeps the checkpoint's zero time and first re-runs what the checkpoint had not
   * finished, as Spark's JobGenerator.restart does.
   */
  start(restart?: RestartPlan): void {
    if (restart) {
      this.restart(restart);
      return;
    }
    const batch = this.graph.batchDuration.milliseconds;
    const first = (Math.floor(this.clock.now() / batch) + 1) * batch;
    this.graph.start(new Time(first - batch));
    this.scheduleAt(first);
  }

  stop(): void {
    this.stopped = true;
    this.cancelNext?.();
    for (const cancel of this.cancelReplays.splice(0)) cancel();
  }

  /**
   * Re-runs the pending batches and every batch from the checkpoint time up to now (the down
   * time), each scheduled at its own, already past, time — so they run first, in order, on any
   * clock (a ManualClock runs them on its next advance, even `advance(Seconds(0))`) — then
   * continues on the original grid. A clock behind the checkpoint (a ManualClock restarted at 0)
   * resumes right after the checkpoint rather than running finished batches again.
   */
  private restart(plan: RestartPlan): void {
    const batch = this.graph.batchDuration.milliseconds;
    const zero = plan.zeroTime.milliseconds;
    const checkpoint = plan.checkpointTime.milliseconds;
    this.graph.start(plan.zeroTime);
    const next = zero + (Math.floor((this.clock.now() - zero) / batch) + 1) * batch;
    const restartTime = Math.max(next, checkpoint + batch);
    const times = new Set(plan.pendingTimes.map((t) => t.milliseconds).filter((t) => t > zero));
    for (let t = checkpoint + batch; t < restartTime; t += batch) times.add(t);
    for (const t of [...times].filter((t) => t < restartTime).sort((a, b) => a - b)) {
      this.replayedTimes.push(new Time(t));
      this.cancelReplays.push(this.clock.schedule(t, () => this.generate(t)));
    }
    this.scheduleAt(restartTime);
  }

  private scheduleAt(timeMs: number): void {
    this.cancelNext = this.clock.schedule(timeMs, () => {
      if (this.stopped) return;
      this.scheduleAt(timeMs + this.graph.batchDuration.milliseconds);
      return this.generate(timeMs);
    });
  }

  private generate(timeMs: number): Promise<void> | undefined {
    if (this.stopped) return;
    this.lastGeneratedTime = new Time(timeMs);
    return this.submit(this.lastGeneratedTime);
  }
}
