import { CheckpointWriter } from "../checkpoint/CheckpointWriter";
import { type GetOrCreateOptions, getOrCreate } from "../checkpoint/getOrCreate";
import {
  type DStream,
  GeneratorInputDStream,
  type InputDStream,
  QueueInputDStream,
  ReceiverInputDStream,
  type ReceiverStreamOptions,
  TransformedDStream,
  UnionDStream,
} from "../dstream/internal";
import { IllegalArgumentError, IllegalStateError } from "../errors";
import type { BatchContext, RDD } from "../rdd/internal";
import type { Receiver } from "../receiver/Receiver";
import { type ReceiverConf, type ReceiverConfOptions, receiverConf } from "../receiver/ReceiverConf";
import { type TextFileStreamOptions, textFileStream } from "../sources/files/textFileStream";
import type { HttpInputDStream } from "../sources/http/HttpInputDStream";
import { type HttpStreamOptions, httpStream } from "../sources/http/httpStream";
import { type NdjsonHttpStreamOptions, ndjsonHttpStream } from "../sources/http/ndjsonHttpStream";
import type { KafkaDirectInputDStream } from "../sources/kafka/KafkaDirectInputDStream";
import { type KafkaDirectStreamOptions, kafkaDirectStream } from "../sources/kafka/kafkaDirectStream";
import type { MqttRecord } from "../sources/mqtt/MqttReceiver";
import { type MqttStreamOptions, mqttStream } from "../sources/mqtt/mqttStream";
import type { NatsRecord } from "../sources/nats/NatsRecord";
import { type NatsStreamOptions, natsStream } from "../sources/nats/natsStream";
import type { RedisStreamJsonRecord, RedisStreamRecord } from "../sources/redis/RedisStreamReceiver";
import { type RedisStreamOptions, redisStream } from "../sources/redis/redisStream";
import { type SocketTextStreamOptions, socketTextStream } from "../sources/socket/socketTextStream";
import { type WebSocketStreamOptions, webSocketStream } from "../sources/websocket/webSocketStream";
import type { Clock } from "../time/Clock";
import { type Duration, requireDuration } from "../time/Duration";
import { SystemClock } from "../time/SystemClock";
import type { Time } from "../time/Time";
import { DStreamGraph } from "./DStreamGraph";
import type { RestartPlan } from "./JobGenerator";
import { JobScheduler } from "./JobScheduler";
import type { StreamingListener } from "./StreamingListener";

export type StreamingContextState = "INITIALIZED" | "ACTIVE" | "STOPPED";

export interface StreamingContextOptions extends ReceiverConfOptions {
  /** Defaults to the system clock; pass a ManualClock for deterministic tests and teaching. */
  clock?: Clock;
  /** Directory for checkpoints (the same as calling checkpoint(dir)). */
  checkpointDir?: string;
  /**
   * Print failed jobs (in the output operation's async context) and warnings, such as a
   * queueStream that recovery cannot replay, to stderr. Default true.
   */
  logErrors?: boolean;
}

/** Where a context returned by StreamingContext.getOrCreate recovered from. */
export interface RecoveryInfo {
  /** The metadata checkpoint file it was restored from. */
  file: string;
  /** The last batch that had finished; the first batch the recovered context runs is the one after. */
  checkpointTime: Time;
}

export interface StopOptions {
  /** Also stop the BatchContext. Default false: a notebook's `sc` outlives its streams. */
  stopBatchContext?: boolean;
  /** Wait for every batch already generated to finish. Default false. */
  stopGracefully?: boolean;
}

let active: StreamingContext | undefined;

/**
 * The entry point for streams: cuts time into batches of `batchDuration` and runs the output
 * operations of every batch. Lifecycle INITIALIZED → ACTIVE → STOPPED; a stopped context cannot
 * restart, and only one context is active per process.
 *
 * @example
 * const ssc = new StreamingContext(sc, Seconds(1), { clock: new ManualClock() });
 * ssc.queueStream([["a b", "b"]]).flatMap((l) => l.split(" ")).countByValue().print();
 * ssc.start();
 */
export class StreamingContext {
  readonly batchDuration: Duration;
  readonly clock: Clock;
  readonly graph: DStreamGraph;
  readonly scheduler: JobScheduler;
  /** How receivers run: block interval, rate limits, backpressure, restart delays. */
  readonly receiverConf: ReceiverConf;
  private state: StreamingContextState = "INITIALIZED";
  private terminationError: Error | undefined;
  private readonly waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private stopping: Promise<void> | undefined;
  private restart: { plan: RestartPlan; file: string } | undefined;
  private readonly logErrors: boolean;

  constructor(
    readonly sc: BatchContext,
    batchDuration: Duration,
    options: StreamingContextOptions = {},
  ) {
    this.batchDuration = requireDuration(batchDuration, "The batch duration");
    if (this.batchDuration.isZero()) {
      throw new IllegalArgumentError(
        "The batch duration must be positive; got 0 ms. Fix: use e.g. Milliseconds(100) or Seconds(1).",
      );
    }
    this.clock = options.clock ?? new SystemClock();
    this.receiverConf = receiverConf(options);
    this.logErrors = options.logErrors ?? true;
    this.graph = new DStreamGraph(this.batchDuration);
    this.scheduler = new JobScheduler(this.graph, this.clock, (e) => this.notifyError(e), this.logErrors);
    if (options.checkpointDir) this.checkpoint(options.checkpointDir);
  }

  /** Spark's name for the batch context. */
  get sparkContext(): BatchContext {
    return this.sc;
  }

  getState(): StreamingContextState {
    return this.state;
  }

  /** The context that is running in this process, if any. */
  static getActive(): StreamingContext | undefined {
    return active;
  }

  /** The active context, or a new one from `create`. */
  static getActiveOrCreate(create: () => StreamingContext): StreamingContext {
    return active ?? create();
  }

  /**
   * Recovers a stream after a restart (Spark's getOrCreate). With no metadata checkpoint in
   * `checkpointDir`, returns `create()`, which should define the graph and call
   * `ssc.checkpoint(checkpointDir)`. Otherwise it runs `create()` again to rebuild the graph
   * (closures are code, not data, so the graph itself is not saved), checks that the graph matches
   * the checkpoint (a CheckpointError says what differs), and restores each stream's saved state.
   * On start() the context re-runs the batches the checkpoint had not finished and those that fell
   * in the down time, then continues on schedule. A corrupt newest checkpoint file falls back to the
   * one before it.
   *
   * Inputs must be replayable for the re-run batches to be right: generatorStream is (its batches
   * depend only on the time); queueStream is not, and a checkpoint is never written for it.
   *
   * @example
   * const create = () => {
   *   const ssc = new StreamingContext(new BatchContext(), Seconds(1));
   *   ssc.checkpoint("/tmp/wordcount-ckpt");
   *   ssc.generatorStream(sentenceGenerator())
   *     .flatMap((l) => l.split(" "))
   *     .map((w) => [w, 1] as [string, number])
   *     .updateStateByKey((vs: number[], s?: number) => vs.reduce((a, b) => a + b, s ?? 0))
   *     .print();
   *   return ssc;
   * };
   * const ssc = StreamingContext.getOrCreate("/tmp/wordcount-ckpt", create);
   * ssc.start(); // after a crash: the counts go on from where they were
   */
  static getOrCreate(
    checkpointDir: string,
    create: () => StreamingContext,
    options?: GetOrCreateOptions,
  ): StreamingContext {
    return getOrCreate(checkpointDir, create, options);
  }

  /**
   * Where this context was recovered from by getOrCreate; undefined for a new context.
   * @example ssc.recoveredFrom?.checkpointTime.milliseconds // e.g. 5000: batches resume at 6000
   */
  get recoveredFrom(): RecoveryInfo | undefined {
    return this.restart && { file: this.restart.file, checkpointTime: this.restart.plan.checkpointTime };
  }

  /** @internal getOrCreate calls this once the graph holds the checkpoint's state. */
  prepareRestart(plan: RestartPlan, file: string): void {
    this.restart = { plan, file };
  }

  // ---- inputs ------------------------------------------------------------------------------

  /**
   * A stream fed from a queue of batches (arrays or RDDs): one per interval (`oneAtATime`) or all
   * that are queued. Push to the array later to feed more. `defaultRDD` fills empty intervals.
   * @example const q: string[][] = [["a b"]]; const s = ssc.queueStream(q); q.push(["c"]);
   */
  queueStream<T>(queue: Array<T[] | RDD<T>>, oneAtATime = true, defaultRDD?: RDD<T>): InputDStream<T> {
    return new QueueInputDStream(this, queue, oneAtATime, defaultRDD);
  }

  /**
   * A stream whose batch at time t is `generate(t, i)` (i counts batches from 0): deterministic
   * demo data with no source to run. See `sentenceGenerator` for ready-made text.
   * @example ssc.generatorStream((t) => [`tick ${t.milliseconds}`])
   */
  generatorStream<T>(
    generate: (time: Time, batchIndex: number) => Iterable<T>,
    numPartitions?: number,
  ): InputDStream<T> {
    return new GeneratorInputDStream(this, generate, numPartitions ?? this.sc.defaultParallelism);
  }

  /**
   * A stream fed by your own Receiver (see Receiver for how to write one). `maxRate` limits it to
   * so many records per second.
   * @example ssc.receiverStream(new TickReceiver(), { maxRate: 1000 }).count().print()
   */
  receiverStream<T>(receiver: Receiver<T>, options?: ReceiverStreamOptions): ReceiverInputDStream<T> {
    return new ReceiverInputDStream(this, receiver, options);
  }

  /**
   * UTF-8 lines from a TCP server (Spark's socketTextStream): connects to `hostname:port`,
   * reconnecting with backoff when the peer is not there yet or closes.
   * @example ssc.socketTextStream("localhost", 9999).flatMap((l) => l.split(" ")).countByValue().print()
   */
  socketTextStream(
    hostname: string,
    port: number,
    options?: SocketTextStreamOptions,
  ): ReceiverInputDStream<string> {
    return socketTextStream(this, hostname, port, options);
  }

  /**
   * The lines of each new file in `directory` (Spark's textFileStream): every file whose
   * modification time falls in a batch's interval, once. Write files elsewhere and rename them in.
   * @example ssc.textFileStream("/data/incoming").count().print()
   */
  textFileStream(directory: string, options?: TextFileStreamOptions): InputDStream<string> {
    return textFileStream(this, directory, options);
  }

  /**
   * Messages from a WebSocket server: text, or parsed JSON with `{ json: true }`; reconnecting.
   * @example ssc.webSocketStream("ws://localhost:8080/trades", { json: true }).print()
   */
  webSocketStream(
    url: string,
    options?: WebSocketStreamOptions & { json?: false },
  ): ReceiverInputDStream<string>;
  webSocketStream<T = unknown>(
    url: string,
    options: WebSocketStreamOptions & { json: true },
  ): ReceiverInputDStream<T>;
  webSocketStream<T>(url: string, options?: WebSocketStreamOptions): ReceiverInputDStream<T> {
    return webSocketStream<T>(this, url, options);
  }

  /**
   * An HTTP endpoint (loopback by default) that takes POSTed records: a JSON array, NDJSON, text
   * lines, or Apache Flume's JSON events. It answers 200 once the records are stored. The stream's
   * `url` says where to POST (with port 0, once it is bound).
   * @example ssc.httpStream({ port: 8088 }).print() // curl -d '[{"x":1}]' localhost:8088
   */
  httpStream<T = unknown>(options: HttpStreamOptions): HttpInputDStream<T> {
    return httpStream<T>(this, options);
  }

  /**
   * A long-lived HTTP response of newline-delimited JSON (the shape of X's filtered stream),
   * each line a record; reconnecting with backoff.
   * @example ssc.ndjsonHttpStream("http://localhost:8089/stream", { headers: { authorization: "Bearer t" } })
   */
  ndjsonHttpStream<T = unknown>(url: string, options?: NdjsonHttpStreamOptions): ReceiverInputDStream<T> {
    return ndjsonHttpStream<T>(this, url, options);
  }

  /**
   * A Redis stream read by one consumer of a consumer group (created if missing), reliably: entries
   * are acknowledged (XACK) only once stored; on (re)start the consumer's own pending entries are
   * read again and other consumers' idle ones claimed (`claimIdleMs`), so an entry can come twice
   * but none is lost. Records are `{ id, key, fields }`, or `{ id, key, value }` with `json: field`.
   * @example ssc.redisStream({ url: "redis://localhost:6379", key: "events", group: "nb", consumer: "c1" }).map((r) => r.fields.type).countByValue().print()
   */
  redisStream(options: RedisStreamOptions & { json?: undefined }): ReceiverInputDStream<RedisStreamRecord>;
  redisStream<V = unknown>(
    options: RedisStreamOptions & { json: string },
  ): ReceiverInputDStream<RedisStreamJsonRecord<V>>;
  redisStream<T>(options: RedisStreamOptions): ReceiverInputDStream<T> {
    return redisStream<T>(this, options);
  }

  /**
   * Kafka topics read the direct way (Spark's createDirectStream): no receiver; each batch is one
   * offset range per partition, fixed when the batch is generated (`offsetRanges(rdd)`, and on the
   * batch's BatchInfo), and the group's offsets are committed only after the batch's outputs
   * succeeded. `maxRatePerPartition` and backpressure cap the ranges.
   * @example ssc.kafkaDirectStream({ brokers: "localhost:9092", topics: "clicks", groupId: "nb" }).map((r) => r.value).print()
   */
  kafkaDirectStream(
    options: KafkaDirectStreamOptions & { valueAs?: "string" },
  ): KafkaDirectInputDStream<string>;
  kafkaDirectStream(
    options: KafkaDirectStreamOptions & { valueAs: "buffer" },
  ): KafkaDirectInputDStream<Buffer>;
  kafkaDirectStream<V = unknown>(
    options: KafkaDirectStreamOptions & { valueAs: "json" },
  ): KafkaDirectInputDStream<V>;
  kafkaDirectStream<V = unknown>(options: KafkaDirectStreamOptions): KafkaDirectInputDStream<V>;
  kafkaDirectStream<V>(options: KafkaDirectStreamOptions): KafkaDirectInputDStream<V> {
    return kafkaDirectStream<V>(this, options);
  }

  /**
   * MQTT topics (`+` and `#` wildcards) from a broker, each message a record `{ topic, payload, qos,
   * retain, dup }`. At QoS 1 (default) reliably: a message is acknowledged (PUBACK) only once its
   * block is stored, and the session persists under `clientId`, so what arrives while the receiver
   * is down, or was not acknowledged, comes again (at least once: such records have `dup`).
   * Payloads are text, or parsed with `{ json: true }`, or Buffers with `{ binary: true }`.
   * @example ssc.mqttStream("mqtt://localhost:1883", ["sensors/#"], { clientId: "dash", json: true }).map((r) => r.payload).print()
   */
  mqttStream(
    url: string,
    topics: string | string[],
    options?: MqttStreamOptions & { json?: false; binary?: false },
  ): ReceiverInputDStream<MqttRecord<string>>;
  mqttStream(
    url: string,
    topics: string | string[],
    options: MqttStreamOptions & { binary: true },
  ): ReceiverInputDStream<MqttRecord<Buffer>>;
  mqttStream<P = unknown>(
    url: string,
    topics: string | string[],
    options: MqttStreamOptions & { json: true },
  ): ReceiverInputDStream<MqttRecord<P>>;
  mqttStream<P>(
    url: string,
    topics: string | string[],
    options?: MqttStreamOptions,
  ): ReceiverInputDStream<MqttRecord<P>> {
    return mqttStream<P>(this, url, topics, options);
  }

  /**
   * NATS messages, each a record `{ subject, data, headers, seq, redelivered }`. With `stream` and
   * `consumer`: a JetStream durable pull consumer, reliably (each message acknowledged only once
   * stored; unacknowledged ones come again, same `seq`, usually `redelivered`). With only `subject`: a
   * core NATS subscription, unreliable (at most once). Data is text, JSON (`json`) or Buffers (`binary`).
   * @example ssc.natsStream({ servers: "nats://localhost:4222", stream: "ORDERS", consumer: "dstream", json: true }).print()
   */
  natsStream(
    options: NatsStreamOptions & { json?: false; binary?: false },
  ): ReceiverInputDStream<NatsRecord<string>>;
  natsStream(options: NatsStreamOptions & { binary: true }): ReceiverInputDStream<NatsRecord<Buffer>>;
  natsStream<D = unknown>(options: NatsStreamOptions & { json: true }): ReceiverInputDStream<NatsRecord<D>>;
  natsStream<D>(options: NatsStreamOptions): ReceiverInputDStream<NatsRecord<D>> {
    return natsStream<D>(this, options);
  }

  /** The union of several streams with the same slide duration. */
  union<T>(streams: DStream<T>[]): DStream<T> {
    return new UnionDStream(streams);
  }

  /** A stream computed from the RDDs of several streams at each batch. */
  transform<T>(streams: DStream<any>[], f: (rdds: RDD<any>[], time: Time) => RDD<T>): DStream<T> {
    return new TransformedDStream(streams, f);
  }

  /** Keeps each stream's RDDs at least this long (for slice() and ad-hoc queries). */
  remember(duration: Duration): void {
    this.graph.remember(requireDuration(duration, "remember's duration"));
  }

  /**
   * Sets the checkpoint directory: stateful and inverse-windowed operations save their state
   * there, and while the context runs a metadata checkpoint is written after every batch, so
   * StreamingContext.getOrCreate can recover the stream after a restart.
   * @example ssc.checkpoint("/tmp/ckpt")
   */
  checkpoint(dir: string): void {
    this.sc.setCheckpointDir(dir);
  }

  addStreamingListener(listener: StreamingListener): void {
    this.scheduler.listenerBus.add(listener);
  }

  removeStreamingListener(listener: StreamingListener): void {
    this.scheduler.listenerBus.remove(listener);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** @internal Streams call this when created: the graph is fixed once the context starts. */
  assertCanAddStreams(): void {
    if (this.state === "ACTIVE") {
      throw new IllegalStateError(
        "Adding new inputs, transformations, and output operations after starting a context is not supported. " +
          "Fix: stop this context, then define the whole graph on a new one before start().",
      );
    }
    if (this.state === "STOPPED") {
      throw new IllegalStateError(
        "Adding new inputs, transformations, and output operations after stopping a context is not supported. " +
          "Fix: create a new StreamingContext.",
      );
    }
  }

  /** Starts generating batches. Throws if another context is active or this one was stopped. */
  start(): void {
    if (this.state === "ACTIVE") return;
    if (this.state === "STOPPED") {
      throw new IllegalStateError(
        "This StreamingContext has already been stopped and cannot restart. Fix: create a new one.",
      );
    }
    if (active) {
      throw new IllegalStateError(
        "Only one StreamingContext may be active in this process, and another one is running. " +
          "Fix: stop it first, e.g. await StreamingContext.getActive()?.stop().",
      );
    }
    this.graph.validate();
    active = this;
    try {
      this.scheduler.start(this.restart?.plan, this.metadataWriter());
    } catch (e) {
      // Stay INITIALIZED, so the user can apply the fix the error names and start again.
      active = undefined;
      this.scheduler.abortStart();
      throw e;
    }
    this.state = "ACTIVE";
    this.scheduler.listenerBus.post("onStreamingStarted", { time: this.clock.now() });
  }

  /**
   * The writer of metadata checkpoints, when there is a checkpoint directory — unless an input
   * cannot be recovered at all (a queueStream: its queue lives in memory). Spark refuses to start
   * then; here the state checkpoints that stateful operators need still work (queueStream is how
   * notebooks and tests feed them), and only recovery is off — said once, at start.
   */
  private metadataWriter(): CheckpointWriter | undefined {
    const dir = this.sc.checkpointDir;
    if (!dir) return undefined;
    const unrecoverable = this.graph.inputStreams.find((s) => s.recovery === "none");
    if (unrecoverable) {
      if (this.logErrors) {
        console.warn(
          `[dstream-lab] ${unrecoverable.scope} doesn't support checkpointing: its data lives in memory, so a ` +
            "restarted process could not replay its batches. State is still checkpointed, but no recovery " +
            `metadata is written to ${dir}. Fix: use a replayable source (e.g. ssc.generatorStream) for a ` +
            "stream that StreamingContext.getOrCreate should recover.",
        );
      }
      return undefined;
    }
    const received = this.graph.inputStreams.find((s) => s.recovery === "writeAheadLog");
    if (received && this.logErrors) {
      console.warn(
        `[dstream-lab] ${received.scope} receives data that lives only in memory until its batch has run: after ` +
          "a crash, StreamingContext.getOrCreate restores the state and re-runs the pending batches, but the " +
          "records received for them are lost (there is no write-ahead log yet). Replayable inputs " +
          "(textFileStream, generatorStream) lose nothing.",
      );
    }
    return new CheckpointWriter(dir, this.restart?.file);
  }

  /**
   * Stops generating batches. The state is STOPPED at once; the promise resolves when the
   * running batch (or, gracefully, every generated batch) has finished — except when called
   * from one of this context's own output operations, where it resolves at once (waiting for
   * the batch that is calling it would never end).
   */
  stop(options: StopOptions = {}): Promise<void> {
    if (this.stopping) return this.stopping;
    const wasActive = this.state === "ACTIVE";
    this.state = "STOPPED";
    if (active === this) active = undefined;
    this.stopping = (async () => {
      if (wasActive) await this.scheduler.stop(options.stopGracefully ?? false);
      if (options.stopBatchContext) this.sc.stop();
      this.scheduler.listenerBus.post("onStreamingStopped", { time: this.clock.now() });
      for (const w of this.waiters.splice(0)) w.resolve();
    })();
    return this.stopping;
  }

  /** Resolves when the context stops; rejects with the first error a batch reported. */
  awaitTermination(): Promise<void> {
    if (this.terminationError) return Promise.reject(this.terminationError);
    if (this.state === "STOPPED" && this.stopping) return this.stopping;
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Like awaitTermination, but gives up after `timeoutMs` of wall time: true if it stopped. */
  async awaitTerminationOrTimeout(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.awaitTermination().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private notifyError(e: Error): void {
    this.terminationError ??= e;
    for (const w of this.waiters.splice(0)) w.reject(e);
  }
}
