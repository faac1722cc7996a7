import { BlockRDD, type RDD } from "../rdd/internal";
import { PIDRateEstimator } from "../receiver/PIDRateEstimator";
import { RateController } from "../receiver/RateController";
import type { Receiver } from "../receiver/Receiver";
import { requireRate } from "../receiver/ReceiverConf";
import type { ReceiverInfo } from "../receiver/ReceiverInfo";
import { ReceiverSupervisor } from "../receiver/ReceiverSupervisor";
import type { StreamingContext } from "../streaming/StreamingContext";
import type { Time } from "../time/Time";
import { InputDStream, type InputRecovery } from "./internal";

/** Options every receiver-based source takes. */
export interface ReceiverStreamOptions {
  /** This receiver's limit in records/s (overrides the context's receiverMaxRate). */
  maxRate?: number;
}

/**
 * A stream fed by a Receiver (Spark's ReceiverInputDStream): the batch at time t holds the blocks
 * the receiver stored in (t − interval, t], one partition per block. With backpressure on, a rate
 * controller adapts the receiver's rate after every batch.
 */
export class ReceiverInputDStream<T> extends InputDStream<T> {
  readonly supervisor: ReceiverSupervisor<T>;
  readonly rateController: RateController | undefined;
  private lastAllocatedMs = Number.NEGATIVE_INFINITY;

  constructor(
    ssc: StreamingContext,
    readonly receiver: Receiver<T>,
    options: ReceiverStreamOptions = {},
    scope = "receiverStream",
  ) {
    super(ssc, scope);
    requireRate(options.maxRate, `${scope}: maxRate`);
    const conf = ssc.receiverConf;
    this.supervisor = new ReceiverSupervisor(receiver, this.inputId, {
      clock: ssc.clock,
      conf,
      maxRate: options.maxRate ?? conf.maxRate,
      post: (event, info) => ssc.scheduler.listenerBus.post(event, info),
    });
    if (conf.backpressure) {
      const estimator = new PIDRateEstimator(ssc.batchDuration.milliseconds, conf.backpressure);
      this.rateController = new RateController(
        this.inputId,
        estimator,
        (rate) => this.supervisor.updateRate(rate),
        conf.backpressure.targetUtilization ?? 0.9,
      );
    }
  }

  /** Received records live in memory until their batch runs: only a write-ahead log keeps them. */
  get recovery(): InputRecovery {
    return "writeAheadLog";
  }

  /** The receiver's status now (also what listeners get in onReceiver* events). */
  get receiverInfo(): ReceiverInfo {
    return this.supervisor.info();
  }

  override start(): Promise<void> {
    if (this.rateController) this.ssc.addStreamingListener(this.rateController);
    // Blocks are cut on the batch grid, so each batch's boundary is also a block boundary.
    return this.supervisor.start({
      zeroMs: this.zeroTime!.milliseconds,
      blockIntervalMs: this.ssc.receiverConf.blockInterval.milliseconds,
      batchIntervalMs: this.ssc.batchDuration.milliseconds,
    });
  }

  /** Records the receiver stored that no batch has taken yet. */
  override get hasPendingData(): boolean {
    return this.supervisor.bufferedRecords > 0;
  }

  override async stop(): Promise<void> {
    if (this.rateController) this.ssc.removeStreamingListener(this.rateController);
    await this.supervisor.stop("the StreamingContext stopped");
  }

  protected compute(validTime: Time): RDD<T> {
    // Only the batch being generated takes the receiver's blocks. A past batch computed again (its
    // RDD forgotten, then asked for by slice()) or a future one is empty: its blocks are gone, or
    // belong to the batch of their own interval (Spark's BlockRDD of removed blocks is empty too).
    // Not judged by the clock: a timer may fire a millisecond before its batch time.
    const t = validTime.milliseconds;
    const generating = this.ssc.scheduler.lastGeneratedTime?.milliseconds;
    if (t !== generating || t <= this.lastAllocatedMs) return new BlockRDD<T>(this.ssc.sc, []);
    this.lastAllocatedMs = t;
    const { blocks, badRecords, lastBadRecord } = this.supervisor.allocate(t);
    let records = 0;
    for (const b of blocks) records += b.records.length;
    const metadata = blocks.some((b) => b.metadata)
      ? { blocks: blocks.map((b) => b.metadata ?? {}) }
      : undefined;
    this.reportInput(validTime, records, {
      ...(badRecords > 0 ? { badRecords, lastBadRecord } : {}),
      ...(metadata ? { metadata } : {}),
    });
    return new BlockRDD(
      this.ssc.sc,
      blocks.map((b) => b.records),
    );
  }
}
