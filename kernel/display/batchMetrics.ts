import type { BatchInfo } from "../../engine";

/** The numbers the Streaming tab shows for one completed batch (times in ms of the context's clock). */
export interface BatchMetrics {
  /** The batch time. */
  time: number;
  numRecords: number;
  /** Records per second of batch interval, as Spark computes it. */
  inputRate: number;
  schedulingDelay: number;
  processingTime: number;
  totalDelay: number;
  /** Failure messages of the batch's output operations. */
  failures: string[];
  /** Records per input stream id. */
  recordsByStream: Map<number, number>;
}

/**
 * A completed batch's BatchInfo as the Streaming tab's numbers. The input rate is records per
 * second of batch interval (Spark's definition), not per second of processing.
 *
 * @example
 * ssc.addStreamingListener({ onBatchCompleted: (b) => console.log(batchMetrics(b, 1000).inputRate) });
 */
export function batchMetrics(info: BatchInfo, batchDurationMs: number): BatchMetrics {
  const recordsByStream = new Map<number, number>();
  for (const [id, input] of info.streamIdToInputInfo) recordsByStream.set(id, input.numRecords);
  return {
    time: info.batchTime.milliseconds,
    numRecords: info.numRecords,
    inputRate: info.numRecords / (batchDurationMs / 1000),
    schedulingDelay: info.schedulingDelay ?? 0,
    processingTime: info.processingDelay ?? 0,
    totalDelay: info.totalDelay ?? 0,
    failures: info.failures,
    recordsByStream,
  };
}
