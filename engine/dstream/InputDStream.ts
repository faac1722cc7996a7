import type { StreamingContext } from "../streaming/StreamingContext";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { DStream } from "./internal";

/** A stream with no parents: where records enter. Sources override start/stop. */
export abstract class InputDStream<T> extends DStream<T> {
  readonly inputId: number;

  constructor(ssc: StreamingContext, scope: string) {
    super(ssc, scope);
    this.inputId = this.id;
    ssc.graph.addInputStream(this);
  }

  get dependencies(): DStream<any>[] {
    return [];
  }

  get slideDuration(): Duration {
    return this.ssc.batchDuration;
  }

  /** Called when the context starts. */
  start(): void {}

  /** Called when the context stops. */
  stop(): void {}

  /** Tells the monitor how many records this input put into the batch at `time`. */
  protected reportInput(time: Time, numRecords: number, metadata?: Record<string, unknown>): void {
    this.ssc.scheduler.inputInfoTracker.reportInfo(time.milliseconds, {
      inputStreamId: this.inputId,
      numRecords,
      ...(metadata ? { metadata } : {}),
    });
  }
}
