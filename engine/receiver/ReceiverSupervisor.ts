import { errorMessage } from "../errors";
import type { Clock } from "../time/Clock";
import { BlockGenerator, type CutGrid } from "./BlockGenerator";
import { RateLimiter } from "./RateLimiter";
import type { ReceivedBlock } from "./ReceivedBlock";
import type { Receiver } from "./Receiver";
import type { ReceiverConf } from "./ReceiverConf";
import type { ReceiverInfo, ReceiverState } from "./ReceiverInfo";

/** The receiver events a supervisor reports (StreamingListener's names). */
export type ReceiverEvent = "onReceiverStarted" | "onReceiverError" | "onReceiverStopped";

/** What a supervisor needs from its context. */
export interface SupervisorContext {
  clock: Clock;
  conf: ReceiverConf;
  /** This receiver's own limit (a source's maxRate), else the context's receiverMaxRate. */
  maxRate: number | undefined;
  /** Delivers an event to the context's listeners. */
  post(event: ReceiverEvent, info: ReceiverInfo): void;
}

/** What the batch at time t takes from a receiver. */
export interface Allocation<T> {
  blocks: ReceivedBlock<T>[];
  /** Bad records reported since the previous batch, and the last one's problem. */
  badRecords: number;
  lastBadRecord: string | undefined;
}

/**
 * Runs one receiver (Spark's ReceiverSupervisorImpl, the receiver tracker's block bookkeeping and
 * its restarts, in one process): starts it, takes what it stores through a BlockGenerator, keeps
 * the stored blocks until a batch takes them, restarts it with backoff when it fails, and reports
 * every change of state to the listeners.
 */
export class ReceiverSupervisor<T> {
  private state: ReceiverState = "starting";
  private readonly generator: BlockGenerator<T>;
  private unallocated: ReceivedBlock<T>[] = [];
  private nextBlockId = 0;
  private restarts = 0;
  private recordsStored = 0;
  private badRecords = 0;
  private badSinceBatch = 0;
  private lastBadRecord: string | undefined;
  private badReportedThisBatch = false;
  private lastError: { message: string; cause?: string; time: number } | undefined;
  private nextRestartDelay: number;
  private cancelRestart: (() => void) | undefined;
  /** True from onStart until the matching onStop: onStop runs once per start. */
  private receiverRunning = false;
  private stopping: Promise<void> | undefined;
  /** The latest estimate from backpressure, if any (held to maxRate). */
  private estimatedRate: number | undefined;

  constructor(
    readonly receiver: Receiver<T>,
    readonly streamId: number,
    private readonly ctx: SupervisorContext,
  ) {
    receiver.attach(this);
    this.nextRestartDelay = ctx.conf.restartDelay.milliseconds;
    const initial = minRate(ctx.maxRate, ctx.conf.backpressure?.initialRate);
    this.generator = new BlockGenerator(
      ctx.clock,
      ctx.conf.blockInterval.milliseconds,
      new RateLimiter(ctx.clock, initial),
      {
        pushBlock: (records, storedAt, metadata) => this.pushBlock(records, storedAt, metadata),
        pause: () => this.callHook("onPause"),
        resume: () => this.callHook("onResume"),
        pushFailed: (e) => this.reportError("Storing a block failed", e),
      },
    );
  }

  /** Starts the block generator (cutting blocks on `grid`) and the receiver. */
  start(grid?: CutGrid): Promise<void> {
    this.generator.start(grid);
    return this.startReceiver();
  }

  /** Stops the receiver for good; blocks stored so far stay for the batches to take. */
  stop(message: string, error?: unknown): Promise<void> {
    this.stopping ??= (async () => {
      if (error !== undefined) this.recordError(message, error);
      this.state = "stopped";
      this.cancelRestart?.();
      await this.stopReceiver();
      this.generator.stop();
      this.ctx.post("onReceiverStopped", this.info());
    })();
    return this.stopping;
  }

  /** Stops the receiver, waits, and starts it again (see Receiver.restart). */
  restart(message: string, error?: unknown, delayMs?: number): void {
    if (this.state === "stopped" || this.state === "restarting") return;
    this.state = "restarting";
    this.restarts++;
    this.recordError(message, error);
    // The time is fixed now, not once onStop has finished, so restarts keep to the clock's grid.
    const at = this.ctx.clock.now() + (delayMs ?? this.nextRestartDelay);
    this.nextRestartDelay = Math.min(this.nextRestartDelay * 2, this.ctx.conf.maxRestartDelay.milliseconds);
    const scheduleStart = () => {
      if (this.state !== "restarting") return;
      this.cancelRestart = this.ctx.clock.schedule(at, () => {
        this.cancelRestart = undefined;
        if (this.state === "restarting") return this.startReceiver();
      });
    };
    const stopped = this.stopReceiver();
    if (stopped) void stopped.then(scheduleStart);
    else scheduleStart();
  }

  store(record: T): boolean {
    if (this.state === "stopped") return false;
    this.noteRecordsFlowing();
    this.recordsStored++;
    return this.generator.add(record);
  }

  storeBlock(records: T[], metadata?: Record<string, unknown>): Promise<void> {
    if (this.state === "stopped") {
      return Promise.reject(
        new Error(`${this.receiver.name} is stopped, so the block was not stored. Do not acknowledge it.`),
      );
    }
    this.noteRecordsFlowing();
    this.recordsStored += records.length;
    return this.generator.addBlock(records, metadata);
  }

  reportBadRecord(problem: string): void {
    this.badRecords++;
    this.badSinceBatch++;
    this.lastBadRecord = problem;
    this.lastError = { message: problem, time: this.ctx.clock.now() };
    // Once per batch: a source sending garbage must not flood the listeners (and a notebook).
    if (!this.badReportedThisBatch) {
      this.badReportedThisBatch = true;
      this.ctx.post("onReceiverError", this.info());
    }
  }

  reportError(message: string, error?: unknown): void {
    this.recordError(message, error);
  }

  /** Held to `rate` records/s from now on (backpressure's estimate), never above maxRate. */
  updateRate(rate: number): void {
    if (!(rate > 0)) return;
    this.estimatedRate = rate;
    this.generator.setRate(minRate(this.ctx.maxRate, rate));
  }

  /**
   * What the batch at `timeMs` takes: every block stored by then (the current buffer is cut first
   * if the time has passed), and the bad records counted since the previous batch. Blocks of later
   * intervals stay for their own batches, even when this batch is generated late.
   */
  allocate(timeMs: number): Allocation<T> {
    this.generator.cut(timeMs);
    const blocks: ReceivedBlock<T>[] = [];
    const later: ReceivedBlock<T>[] = [];
    for (const b of this.unallocated) (b.storedAt <= timeMs ? blocks : later).push(b);
    this.unallocated = later;
    const allocation = { blocks, badRecords: this.badSinceBatch, lastBadRecord: this.lastBadRecord };
    this.badSinceBatch = 0;
    this.badReportedThisBatch = false;
    return allocation;
  }

  /** Records stored and not yet taken by a batch: what this receiver holds in memory. */
  get bufferedRecords(): number {
    let n = this.generator.bufferedRecords;
    for (const b of this.unallocated) n += b.records.length;
    return n;
  }

  info(): ReceiverInfo {
    return {
      streamId: this.streamId,
      name: this.receiver.name,
      state: this.state,
      active: this.state === "active",
      restarts: this.restarts,
      recordsStored: this.recordsStored,
      badRecords: this.badRecords,
      rateLimit: minRate(this.ctx.maxRate, this.estimatedRate ?? this.ctx.conf.backpressure?.initialRate),
      paused: this.generator.isPaused,
      ...(this.lastError
        ? {
            lastErrorMessage: this.lastError.message,
            ...(this.lastError.cause === undefined ? {} : { lastError: this.lastError.cause }),
            lastErrorTime: this.lastError.time,
          }
        : {}),
    };
  }

  private async startReceiver(): Promise<void> {
    this.state = "starting";
    this.receiverRunning = true;
    try {
      await this.receiver.onStart();
    } catch (e) {
      this.restart(`${this.receiver.name} failed to start`, e);
      return;
    }
    if (this.state !== "starting") return; // restarted or stopped while starting
    this.state = "active";
    this.ctx.post("onReceiverStarted", this.info());
  }

  /** Calls onStop once per start; returns a promise only when onStop is asynchronous. */
  private stopReceiver(): Promise<void> | undefined {
    if (!this.receiverRunning) return undefined;
    this.receiverRunning = false;
    const failed = (e: unknown) => this.recordError(`${this.receiver.name}.onStop() failed`, e);
    try {
      const stopping = this.receiver.onStop();
      if (stopping) return stopping.catch(failed);
    } catch (e) {
      failed(e);
    }
    return undefined;
  }

  private pushBlock(records: T[], storedAt: number, metadata?: Record<string, unknown>): void {
    this.unallocated.push({ id: this.nextBlockId++, records, storedAt, ...(metadata ? { metadata } : {}) });
  }

  /** Records arrive again after a restart: the next failure waits the shortest delay again. */
  private noteRecordsFlowing(): void {
    this.nextRestartDelay = this.ctx.conf.restartDelay.milliseconds;
  }

  private callHook(hook: "onPause" | "onResume"): void {
    try {
      this.receiver[hook]?.();
    } catch (e) {
      this.recordError(`${this.receiver.name}.${hook}() failed`, e);
    }
  }

  private recordError(message: string, error?: unknown): void {
    const cause = error === undefined ? undefined : errorMessage(error);
    const full = cause === undefined || message.includes(cause) ? message : `${message}: ${cause}`;
    this.lastError = { message: full, ...(cause === undefined ? {} : { cause }), time: this.ctx.clock.now() };
    this.ctx.post("onReceiverError", this.info());
  }
}

function minRate(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
