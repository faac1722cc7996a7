import type { Clock } from "./Clock";
import type { DStreamGraph } from "./DStreamGraph";
import { Time } from "./Time";

/**
 * Cuts time into batches: at every multiple of the batch interval it asks the graph for the
 * batch's jobs and hands them to `submit`. The promise `submit` returns (the batch finishing) is
 * passed back to the clock, which a ManualClock awaits and a SystemClock ignores.
 */
export class JobGenerator {
  private cancel: (() => void) | undefined;
  private stopped = false;
  lastGeneratedTime: Time | undefined;

  constructor(
    private readonly graph: DStreamGraph,
    private readonly clock: Clock,
    private readonly submit: (time: Time) => Promise<void>,
  ) {}

  /** Starts at the next multiple of the batch interval; zero time is one interval before it. */
  start(): void {
    const batch = this.graph.batchDuration.milliseconds;
    const first = (Math.floor(this.clock.now() / batch) + 1) * batch;
    this.graph.start(new Time(first - batch));
    this.scheduleAt(first);
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
  }

  private scheduleAt(timeMs: number): void {
    this.cancel = this.clock.schedule(timeMs, () => {
      if (this.stopped) return;
      this.scheduleAt(timeMs + this.graph.batchDuration.milliseconds);
      this.lastGeneratedTime = new Time(timeMs);
      return this.submit(this.lastGeneratedTime);
    });
  }
}
