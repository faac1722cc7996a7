import type { BatchInfo } from "../streaming/BatchInfo";
import type { StreamingListener } from "../streaming/StreamingListener";
import type { PIDRateEstimator } from "./PIDRateEstimator";

/**
 * Backpressure for one input stream (Spark's RateController): after every batch, asks the
 * estimator for a new rate from the batch's records, processing time and scheduling delay, and
 * publishes it (to the stream's receiver).
 *
 * The processing time is given to the estimator divided by `targetUtilization`: the PID then
 * settles where a batch takes that share of the interval rather than all of it. Its formula is
 * untouched; at 1 this is Spark's controller exactly.
 */
export class RateController implements StreamingListener {
  /** The latest rate published, records/s. */
  latestRate: number | undefined;

  constructor(
    readonly streamId: number,
    private readonly estimator: PIDRateEstimator,
    private readonly publish: (rate: number) => void,
    private readonly targetUtilization = 1,
  ) {}

  onBatchCompleted(info: BatchInfo): void {
    const end = info.processingEndTime;
    const work = info.processingDelay;
    const wait = info.schedulingDelay;
    const records = info.streamIdToInputInfo.get(this.streamId)?.numRecords;
    if (end === undefined || work === undefined || wait === undefined || records === undefined) return;
    const rate = this.estimator.compute(end, records, work / this.targetUtilization, wait);
    if (rate === undefined) return;
    this.latestRate = rate;
    this.publish(rate);
  }
}
