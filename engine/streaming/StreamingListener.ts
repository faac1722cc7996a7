import type { ReceiverInfo } from "../receiver/ReceiverInfo";
import type { BatchInfo, OutputOperationInfo } from "./BatchInfo";

/**
 * Observes a running StreamingContext (Spark's StreamingListener). Every method is optional.
 * The kernel's monitor and charts are listeners; the engine knows nothing about them.
 *
 * @example
 * ssc.addStreamingListener({ onBatchCompleted: (b) => console.log(b.batchTime, b.processingDelay) });
 */
export interface StreamingListener {
  onStreamingStarted?(event: { time: number }): void;
  onStreamingStopped?(event: { time: number }): void;
  onBatchSubmitted?(batchInfo: BatchInfo): void;
  onBatchStarted?(batchInfo: BatchInfo): void;
  onBatchCompleted?(batchInfo: BatchInfo): void;
  onOutputOperationStarted?(info: OutputOperationInfo): void;
  onOutputOperationCompleted?(info: OutputOperationInfo): void;
  /** A job or job generation failed; the batch's BatchInfo also records it. */
  onError?(error: Error): void;
  /** A receiver started (again, after a restart). */
  onReceiverStarted?(info: ReceiverInfo): void;
  /** A receiver failed, is restarting, or reported bad records (at most once per batch); `lastErrorMessage` says what and the fix. */
  onReceiverError?(info: ReceiverInfo): void;
  /** A receiver stopped for good (the context stopped, or the receiver gave up). */
  onReceiverStopped?(info: ReceiverInfo): void;
}

type EventName = keyof StreamingListener;

/** Delivers events to listeners; a listener that throws is reported and the stream goes on. */
export class ListenerBus {
  private readonly listeners: StreamingListener[] = [];

  add(l: StreamingListener): void {
    this.listeners.push(l);
  }

  remove(l: StreamingListener): void {
    const i = this.listeners.indexOf(l);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  post<E extends EventName>(event: E, arg: Parameters<NonNullable<StreamingListener[E]>>[0]): void {
    for (const l of this.listeners) {
      try {
        (l[event] as ((a: unknown) => void) | undefined)?.call(l, arg);
      } catch (e) {
        console.error(`[dstream-lab] StreamingListener.${event} threw and was skipped:`, e);
      }
    }
  }
}
