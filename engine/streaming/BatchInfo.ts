import type { Time } from "../time/Time";

/** What one input stream contributed to a batch. */
export interface StreamInputInfo {
  inputStreamId: number;
  numRecords: number;
  /** Records the input could not read in this batch's interval (malformed, oversized), set aside. */
  badRecords?: number;
  /** What the last of them was, and the fix. */
  lastBadRecord?: string | undefined;
  /** Whatever else the source says about the batch (files, offsets, block ids). */
  metadata?: Record<string, unknown>;
}

/** One output operation (print, foreachRDD, ...) within a batch. */
export interface OutputOperationInfo {
  batchTime: Time;
  id: number;
  name: string;
  description: string;
  startTime?: number;
  endTime?: number;
  /** The error's message when the operation failed. */
  failureReason?: string;
}

/**
 * Everything the monitor shows about one batch (Spark's BatchInfo). Times are milliseconds on
 * the context's clock.
 */
export class BatchInfo {
  processingStartTime: number | undefined;
  processingEndTime: number | undefined;

  constructor(
    readonly batchTime: Time,
    readonly streamIdToInputInfo: Map<number, StreamInputInfo>,
    readonly submissionTime: number,
    readonly outputOperationInfos: Map<number, OutputOperationInfo>,
  ) {}

  /** Records received by all input streams for this batch. */
  get numRecords(): number {
    let n = 0;
    for (const info of this.streamIdToInputInfo.values()) n += info.numRecords;
    return n;
  }

  /** Time the batch waited in the queue before its first job started. */
  get schedulingDelay(): number | undefined {
    return this.processingStartTime === undefined
      ? undefined
      : this.processingStartTime - this.submissionTime;
  }

  /** Time from the first job's start to the last job's end. */
  get processingDelay(): number | undefined {
    return this.processingEndTime === undefined || this.processingStartTime === undefined
      ? undefined
      : this.processingEndTime - this.processingStartTime;
  }

  /** Scheduling delay plus processing delay. */
  get totalDelay(): number | undefined {
    return this.processingEndTime === undefined ? undefined : this.processingEndTime - this.submissionTime;
  }

  /** Failure messages of the batch's output operations (empty when all succeeded). */
  get failures(): string[] {
    return [...this.outputOperationInfos.values()].flatMap((o) => (o.failureReason ? [o.failureReason] : []));
  }
}
