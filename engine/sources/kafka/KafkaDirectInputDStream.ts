import { InputDStream, type InputRecovery } from "../../dstream/internal";
import type { RDD } from "../../rdd/internal";
import { PIDRateEstimator } from "../../receiver/PIDRateEstimator";
import { RateController } from "../../receiver/RateController";
import type { BatchInfo } from "../../streaming/BatchInfo";
import type { StreamingContext } from "../../streaming/StreamingContext";
import type { StreamingListener } from "../../streaming/StreamingListener";
import type { Time } from "../../time/Time";
import type { KafkaValueAs } from "./decodeMessage";
import type { KafkaClient, KafkaPartitionOffset } from "./KafkaClient";
import { KafkaFetcher, type KafkaSourceState, type StartingOffsets } from "./KafkaFetcher";
import { KafkaRDD } from "./KafkaRDD";
import type { KafkaRecord } from "./KafkaRecord";
import { KafkaSourceError } from "./KafkaSourceError";
import { kafkaProblem } from "./kafkaProblem";
import type { OffsetRange } from "./OffsetRange";
import { partitionKey } from "./partitionKey";

/** What KafkaDirectInputDStream needs besides its client (kafkaDirectStream checks them). */
export interface KafkaDirectSettings {
  groupId: string;
  topics: string[];
  startingOffsets: StartingOffsets | undefined;
  maxRatePerPartition: number | undefined;
  valueAs: KafkaValueAs;
  maxBufferedPerPartition: number;
}

/** One partition as the status shows it. */
export interface KafkaPartitionStatus {
  topic: string;
  partition: number;
  /** Where the next batch's range starts. */
  nextOffset: number;
  /** The last offset this stream committed for the group (undefined before its first commit). */
  committedOffset: number | undefined;
  /** The partition's end as last seen. */
  highWatermark: number;
  /** Records the group still has to read: highWatermark − nextOffset. */
  lag: number;
  /** Fetched, waiting for a batch. */
  buffered: number;
  /** Paused because its buffer is full. */
  paused: boolean;
}

/** What a kafkaDirectStream is doing now (the monitor shows it). */
export interface KafkaSourceStatus {
  brokers: string;
  groupId: string;
  topics: string[];
  state: KafkaSourceState;
  reconnects: number;
  badRecords: number;
  /** The latest problem (connection, topic, commit, a failed batch), naming the fix. */
  lastErrorMessage: string | undefined;
  lastErrorTime: number | undefined;
  /** Set when a failed batch holds the commits back: that batch's time. */
  commitsHeldSince: number | undefined;
  partitions: KafkaPartitionStatus[];
}

/**
 * Spark's direct Kafka stream: no receiver; each batch is one offset range per partition,
 * [from, until), fixed when the batch is generated, and its RDD has one partition per Kafka
 * partition (see KafkaRDD, offsetRanges). The ranges are also on the batch's BatchInfo
 * (`streamIdToInputInfo.get(stream.inputId).metadata`: `{ offsetRanges, lag }`).
 *
 * Offsets are committed to the group only once all of the batch's output operations have
 * finished without error (commitAsync's semantics: the commit is sent then, and the next batch
 * does not wait for it). A batch whose output fails commits nothing, and from then on nothing is
 * committed (the status says so): the group's committed offsets stay at the failed batch's start,
 * so a restarted stream (a new context, same groupId, no startingOffsets) reads that batch's
 * records, and everything after, again — at-least-once. Records fetched but in no finished batch
 * are never committed, so stopping loses nothing either.
 *
 * `maxRatePerPartition` caps each range at rate × batch seconds; with backpressure on, the
 * context's rate controller's estimate is shared across partitions by lag and caps them too.
 *
 * Recovery from a metadata checkpoint is not implemented (the pending batches of a recovered
 * context come back empty); the committed offsets make their records come again in the batches
 * of the restarted stream instead.
 *
 * @example
 * const clicks = ssc.kafkaDirectStream({ brokers: "localhost:9092", topics: "clicks", groupId: "nb" });
 * clicks.foreachRDD((rdd) => console.log(offsetRanges(rdd)));
 */
export class KafkaDirectInputDStream<V = string> extends InputDStream<KafkaRecord<V>> {
  readonly fetcher: KafkaFetcher;
  readonly rateController: RateController | undefined;
  /** The offset ranges of the latest batch generated (empty before the first). */
  lastOffsetRanges: readonly OffsetRange[] = [];
  /** The rate backpressure allows now (records/s, all partitions), once it has an estimate. */
  private backpressureRate: number | undefined;
  private lastAllocatedMs = Number.NEGATIVE_INFINITY;
  private readonly pending = new Map<number, OffsetRange[]>();
  private readonly committed = new Map<string, number>();
  /** Offsets owed to Kafka: the latest until of each partition, not yet committed. */
  private readonly owed = new Map<string, KafkaPartitionOffset>();
  private committing: Promise<void> | undefined;
  private heldSince: number | undefined;
  private badRecords = 0;
  private lastError: { message: string; time: number } | undefined;
  private readonly commitListener: StreamingListener = {
    onBatchCompleted: (info) => this.batchCompleted(info),
  };

  constructor(
    ssc: StreamingContext,
    readonly client: KafkaClient,
    readonly settings: KafkaDirectSettings,
  ) {
    super(ssc, "kafkaDirectStream");
    const conf = ssc.receiverConf;
    this.fetcher = new KafkaFetcher({
      client,
      groupId: settings.groupId,
      topics: settings.topics,
      startingOffsets: settings.startingOffsets,
      valueAs: settings.valueAs,
      maxBufferedPerPartition: settings.maxBufferedPerPartition,
      clock: ssc.clock,
      restartDelayMs: conf.restartDelay.milliseconds,
      maxRestartDelayMs: conf.maxRestartDelay.milliseconds,
      onProblem: (e) => this.report(e),
    });
    if (conf.backpressure) {
      const estimator = new PIDRateEstimator(ssc.batchDuration.milliseconds, conf.backpressure);
      this.backpressureRate = conf.backpressure.initialRate;
      this.rateController = new RateController(
        this.inputId,
        estimator,
        (rate) => {
          this.backpressureRate = rate;
        },
        conf.backpressure.targetUtilization ?? 0.9,
      );
    }
  }

  /** Not recovered from a checkpoint (see the class); uncommitted records come again instead. */
  get recovery(): InputRecovery {
    return "writeAheadLog";
  }

  /** The connection, every partition's offsets and lag, and the latest problem. */
  get status(): KafkaSourceStatus {
    const error = this.lastError;
    return {
      brokers: this.client.brokers,
      groupId: this.settings.groupId,
      topics: this.settings.topics,
      state: this.fetcher.state,
      reconnects: this.fetcher.reconnects,
      badRecords: this.badRecords,
      lastErrorMessage: error?.message,
      lastErrorTime: error?.time,
      commitsHeldSince: this.heldSince,
      partitions: [...this.fetcher.buffers.values()].map((b) => ({
        topic: b.topic,
        partition: b.partition,
        nextOffset: b.next,
        committedOffset: this.committed.get(partitionKey(b.topic, b.partition)),
        highWatermark: b.high,
        lag: b.lag,
        buffered: b.size,
        paused: b.paused,
      })),
    };
  }

  /** Records fetched that no batch has taken yet. */
  get bufferedRecords(): number {
    return this.fetcher.bufferedRecords;
  }

  override start(): Promise<void> {
    this.ssc.addStreamingListener(this.commitListener);
    if (this.rateController) this.ssc.addStreamingListener(this.rateController);
    return this.fetcher.start();
  }

  /**
   * Stops fetching, sends what is owed (the commits of finished batches) and closes the
   * connections. Fetched records in no batch are not committed: Kafka keeps them for the next
   * start. A batch finishing after this commits nothing (its records come again next time).
   */
  override async stop(): Promise<void> {
    this.ssc.removeStreamingListener(this.commitListener);
    if (this.rateController) this.ssc.removeStreamingListener(this.rateController);
    while (this.committing) await this.committing;
    await this.fetcher.stop();
  }

  /**
   * Kafka keeps what no batch has taken: a graceful stop does not wait for the fetched-ahead
   * records (they are uncommitted, so the next start reads them).
   */
  override get hasPendingData(): boolean {
    return false;
  }

  protected compute(validTime: Time): RDD<KafkaRecord<V>> {
    // As ReceiverInputDStream: only the batch being generated takes records; a past one computed
    // again, or a future one, is empty (its records went to their own batch).
    const t = validTime.milliseconds;
    const generating = this.ssc.scheduler.lastGeneratedTime?.milliseconds;
    if (t !== generating || t <= this.lastAllocatedMs) return new KafkaRDD(this.ssc.sc, [], []);
    this.lastAllocatedMs = t;
    const caps = this.caps();
    const ranges: OffsetRange[] = [];
    const partitions: KafkaRecord<V>[][] = [];
    let badRecords = 0;
    let lastBadRecord: string | undefined;
    let lag = 0;
    for (const b of this.fetcher.buffers.values()) {
      const taken = b.take(caps.get(b) ?? Number.POSITIVE_INFINITY);
      this.fetcher.relieve(b);
      ranges.push({
        topic: b.topic,
        partition: b.partition,
        fromOffset: taken.fromOffset,
        untilOffset: taken.untilOffset,
      });
      partitions.push(taken.records as KafkaRecord<V>[]);
      badRecords += taken.badRecords;
      if (taken.lastBadRecord) lastBadRecord = taken.lastBadRecord;
      lag += b.lag;
    }
    if (badRecords > 0) {
      this.badRecords += badRecords;
      this.lastError = { message: `kafkaDirectStream: ${lastBadRecord}`, time: this.ssc.clock.now() };
    }
    this.pending.set(t, ranges);
    this.lastOffsetRanges = ranges;
    let records = 0;
    for (const p of partitions) records += p.length;
    this.reportInput(validTime, records, {
      ...(badRecords > 0 ? { badRecords, lastBadRecord } : {}),
      metadata: { offsetRanges: ranges, lag },
    });
    return new KafkaRDD(this.ssc.sc, partitions, ranges);
  }

  /**
   * Each partition's most records for this batch: maxRatePerPartition × the batch's seconds,
   * and with backpressure the estimated rate shared by lag (Spark's maxMessagesPerPartition); at
   * least one record, so a stream never stalls.
   */
  private caps(): Map<unknown, number> {
    const caps = new Map<unknown, number>();
    const seconds = this.ssc.batchDuration.milliseconds / 1000;
    const perPartition = this.settings.maxRatePerPartition;
    const rate = this.backpressureRate;
    if (perPartition === undefined && rate === undefined) return caps;
    const buffers = [...this.fetcher.buffers.values()];
    const totalLag = buffers.reduce((s, b) => s + Math.max(b.lag, b.size), 0);
    for (const b of buffers) {
      let r = perPartition ?? Number.POSITIVE_INFINITY;
      if (rate !== undefined && totalLag > 0) r = Math.min(r, (rate * Math.max(b.lag, b.size)) / totalLag);
      if (Number.isFinite(r)) caps.set(b, Math.max(1, Math.floor(r * seconds)));
    }
    return caps;
  }

  /** Commits a finished batch's ranges, or holds every later commit back if it failed. */
  private batchCompleted(info: BatchInfo): void {
    const t = info.batchTime.milliseconds;
    const ranges = this.pending.get(t);
    if (!ranges) return;
    this.pending.delete(t);
    if (this.heldSince !== undefined) return;
    if (info.failures.length > 0) {
      this.heldSince = t;
      const from = ranges
        .filter((r) => r.untilOffset > r.fromOffset)
        .map((r) => `${partitionKey(r.topic, r.partition)}@${r.fromOffset}`);
      this.report(
        new KafkaSourceError(
          `kafkaDirectStream (group "${this.settings.groupId}"): the batch at ${t} ms failed, so its offsets ` +
            `(${from.join(", ") || "no records"}) and every later batch's stay uncommitted. Fix: fix the output ` +
            "operation, then restart the stream with the same groupId (and no startingOffsets): it reads those " +
            "records again from the committed offsets.",
        ),
      );
      return;
    }
    for (const r of ranges) {
      const key = partitionKey(r.topic, r.partition);
      if (r.untilOffset > (this.committed.get(key) ?? -1)) {
        this.owed.set(key, { topic: r.topic, partition: r.partition, offset: r.untilOffset });
      }
    }
    this.flushCommits();
  }

  /**
   * Sends what is owed, one commit at a time. A failed commit is owed again and goes with the next
   * batch's (not at once: the cluster is likely still failing).
   */
  private flushCommits(): void {
    if (this.committing || this.owed.size === 0) return;
    const consumer = this.fetcher.activeConsumer;
    if (!consumer) return; // reconnecting: the next batch's commit carries these too
    const offsets = [...this.owed.values()];
    this.owed.clear();
    this.committing = consumer.commit(offsets).then(
      () => {
        for (const o of offsets) this.committed.set(partitionKey(o.topic, o.partition), o.offset);
        this.committing = undefined;
        // Batches that finished meanwhile are owed now: their commit goes next (stop() awaits it).
        this.flushCommits();
      },
      (e) => {
        this.committing = undefined;
        for (const o of offsets) {
          const key = partitionKey(o.topic, o.partition);
          if (!this.owed.has(key)) this.owed.set(key, o);
        }
        this.report(
          new KafkaSourceError(
            `kafkaDirectStream (group "${this.settings.groupId}"): committing offsets failed: ` +
              `${kafkaProblem(this.client.brokers, e)} The commit is sent again after the next batch.`,
          ),
        );
      },
    );
  }

  private report(error: KafkaSourceError): void {
    this.lastError = { message: error.message, time: this.ssc.clock.now() };
    this.ssc.graph.onInputError(error);
  }
}
