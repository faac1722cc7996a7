import type { StreamInputInfo } from "../streaming/BatchInfo";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import { DStream } from "./internal";

/**
 * How the batches of an input stream can be rebuilt after a crash (what a metadata checkpoint can
 * promise for it):
 * - `"replayable"`: the source can produce the batch at time t again (generatorStream, files,
 *   Kafka offsets), given what the stream saved in the checkpoint;
 * - `"writeAheadLog"`: the records were received and live only in memory; only a write-ahead log
 *   can bring back the ones a crash caught before their batch finished (receivers);
 * - `"none"`: nothing can (queueStream: the queue is in the caller's memory).
 */
export type InputRecovery = "replayable" | "writeAheadLog" | "none";

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

  /** How a restarted process can rebuild this stream's batches (see InputRecovery). */
  abstract get recovery(): InputRecovery;

  /**
   * Called when the context starts. May be async: a rejection (a port in use, say) is reported to
   * the context's listeners rather than thrown from `ssc.start()`, and the stream goes on.
   */
  start(): void | Promise<void> {}

  /** Called when the context stops; `ssc.stop()` waits for it (sockets closed, servers down). */
  stop(): void | Promise<void> {}

  /**
   * Whether records taken in (received, stored) still wait for a batch: a graceful stop keeps
   * generating batches until no input has any.
   */
  get hasPendingData(): boolean {
    return false;
  }

  /**
   * What this input adds to each metadata checkpoint to rebuild its pending batches after a
   * restart (files already taken, offsets, ids): plain JSON data, or undefined for nothing.
   */
  checkpointData(): unknown {
    return undefined;
  }

  /** Takes back what checkpointData() saved, before the recovered context starts. */
  restoreCheckpointData(_data: unknown): void {}

  /** Tells the monitor how many records this input put into the batch at `time`. */
  protected reportInput(
    time: Time,
    numRecords: number,
    extra?: Omit<StreamInputInfo, "inputStreamId" | "numRecords">,
  ): void {
    this.ssc.scheduler.inputInfoTracker.reportInfo(time.milliseconds, {
      inputStreamId: this.inputId,
      numRecords,
      ...extra,
    });
  }
}
