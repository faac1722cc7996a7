import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import { captureCheckpoint } from "../checkpoint/Checkpoint";
import type { CheckpointWriter } from "../checkpoint/CheckpointWriter";
import { BatchFailedError } from "../errors";
import { computeMapStages, type RDD } from "../rdd/internal";
import type { Clock } from "../time/Clock";
import { Time } from "../time/Time";
import { BatchInfo, type OutputOperationInfo } from "./BatchInfo";
import type { DStreamGraph } from "./DStreamGraph";
import { InputInfoTracker } from "./InputInfoTracker";
import type { Job } from "./Job";
import { JobGenerator, type RestartPlan } from "./JobGenerator";
import { ListenerBus, type StreamingListener } from "./StreamingListener";

/** Lets timers, sockets and the kernel run between jobs, so a busy stream never starves them. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The scheduler whose job is running in the current async context, if any. */
const runningJobOf = new AsyncLocalStorage<JobScheduler>();

/**
 * Runs batches in time order and, within a batch, output operations in definition order, one at
 * a time (Spark's default of one concurrent job). A failing job is recorded in the batch's info,
 * posted to listeners and reported to awaitTermination(); later jobs and batches still run.
 */
export class JobScheduler {
  readonly listenerBus = new ListenerBus();
  readonly inputInfoTracker = new InputInfoTracker();
  private generator: JobGenerator | undefined;
  private tail: Promise<void> = Promise.resolve();
  private dropQueued = false;
  private checkpointWriter: CheckpointWriter | undefined;
  /** Batches generated but not finished (in a metadata checkpoint, they are "pending"). */
  private readonly pendingTimes = new Set<number>();

  constructor(
    private readonly graph: DStreamGraph,
    private readonly clock: Clock,
    private readonly onError: (e: Error) => void,
    private readonly logErrors: boolean,
  ) {
    graph.onInputError = (error) => {
      if (this.logErrors) console.error(`[dstream-lab] ${error.message}`);
      this.listenerBus.post("onError", error);
    };
  }

  /**
   * Starts generating batches: from scratch, or from where a metadata checkpoint left off
   * (`restart`). With a `checkpointWriter`, a metadata checkpoint is written after every batch.
   */
  start(restart?: RestartPlan, checkpointWriter?: CheckpointWriter): void {
    this.checkpointWriter = checkpointWriter;
    this.generator = new JobGenerator(this.graph, this.clock, (time) => this.generateAndRun(time));
    this.generator.start(restart);
  }

  /**
   * Undoes a start() that threw (say, validation asked for a checkpoint directory), leaving
   * nothing scheduled and no stream initialised, so start() works once the graph is fixed.
   * Unlike stop(), it must not mark queued batches as dropped: that would silently discard
   * every batch of the retried start.
   */
  abortStart(): void {
    this.generator?.stop();
    this.generator = undefined;
    this.checkpointWriter = undefined;
    void this.graph.stop();
    this.graph.reset();
  }

  /**
   * Stops making batches and stops the inputs (their sockets and servers are closed when this
   * resolves). Graceful, as Spark's: the inputs stop first, batches go on until every record they
   * took in is in one, and the queued batches finish; otherwise only the running batch finishes.
   */
  async stop(graceful: boolean): Promise<void> {
    // Called from one of our own output operations ("stop after 10 batches"): waiting for the
    // running batch would wait for the caller itself, a deadlock. Return at once instead; that
    // batch (and, if graceful, the ones queued behind it) finishes after the caller returns.
    const fromOwnJob = runningJobOf.getStore() === this;
    const pending = () => this.graph.inputStreams.some((s) => s.hasPendingData);
    // Checked before anything is awaited: with nothing pending, no batch is generated after stop().
    if (graceful && !fromOwnJob && pending()) {
      await this.graph.stop();
      await this.inputsDrained();
    }
    this.generator?.stop();
    const inputsStopped = this.graph.stop();
    if (!graceful) this.dropQueued = true;
    if (fromOwnJob) return;
    await Promise.all([this.tail, inputsStopped]);
  }

  /** Resolves once no input holds records that no batch has taken (batches keep coming meanwhile). */
  private inputsDrained(): Promise<void> {
    const drained = () => !this.graph.inputStreams.some((s) => s.hasPendingData);
    if (!this.generator || drained()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener: StreamingListener = {
        onBatchSubmitted: () => {
          if (!drained()) return;
          this.listenerBus.remove(listener);
          resolve();
        },
      };
      this.listenerBus.add(listener);
    });
  }

  get lastGeneratedTime(): Time | undefined {
    return this.generator?.lastGeneratedTime;
  }

  /** The batch times the last start re-ran after a recovery (empty for a fresh start). */
  get replayedTimes(): readonly Time[] {
    return this.generator?.replayedTimes ?? [];
  }

  private generateAndRun(time: Time): Promise<void> {
    const jobs = this.graph.generateJobs(time);
    const ops = new Map<number, OutputOperationInfo>(
      jobs.map((j) => [
        j.outputOpId,
        { batchTime: time, id: j.outputOpId, name: j.name, description: j.description },
      ]),
    );
    const info = new BatchInfo(time, this.inputInfoTracker.take(time.milliseconds), this.clock.now(), ops);
    this.pendingTimes.add(time.milliseconds);
    this.listenerBus.post("onBatchSubmitted", info);
    const run = this.tail.then(() => this.runBatch(jobs, info));
    this.tail = run;
    return run;
  }

  private async runBatch(jobs: Job[], info: BatchInfo): Promise<void> {
    if (this.dropQueued) return;
    info.processingStartTime = this.clock.now();
    this.listenerBus.post("onBatchStarted", info);
    for (const job of jobs) {
      await yieldToEventLoop();
      const op = info.outputOperationInfos.get(job.outputOpId)!;
      op.startTime = this.clock.now();
      this.listenerBus.post("onOutputOperationStarted", op);
      try {
        await job.inContext(() =>
          runningJobOf.run(this, async () => {
            if (job.rdd) await computeMapStages(job.rdd, yieldToEventLoop);
            return job.run();
          }),
        );
      } catch (e) {
        const error = new BatchFailedError(info.batchTime.milliseconds, job.name, e);
        op.failureReason = error.message;
        this.report(error, job);
      }
      op.endTime = this.clock.now();
      this.listenerBus.post("onOutputOperationCompleted", op);
    }
    info.processingEndTime = this.clock.now();
    this.listenerBus.post("onBatchCompleted", info);
    const forgotten = this.graph.clearMetadata(info.batchTime);
    this.pendingTimes.delete(info.batchTime.milliseconds);
    if (this.checkpointWriter) this.writeCheckpoint(info.batchTime);
    else deleteCheckpointFiles(forgotten);
  }

  /**
   * Every batch, not only at the streams' checkpoint intervals (Spark does the same): the file is
   * small, and the later its checkpoint time, the fewer finished batches a restart runs again.
   * A failed write is reported but does not stop the stream; the next batch tries again.
   */
  private writeCheckpoint(time: Time): void {
    const writer = this.checkpointWriter!;
    const pending = [...this.pendingTimes].map((t) => new Time(t));
    try {
      writer.write(captureCheckpoint(this.graph, time, pending, writer.dir));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (this.logErrors) console.error(`[dstream-lab] ${error.message}`);
      this.listenerBus.post("onError", error);
    }
  }

  private report(error: Error, job: Job): void {
    // Both in the output operation's async context: a notebook shows the failure (the log line
    // and whatever an onError listener reports) in the cell that defined the output.
    job.inContext(() => {
      if (this.logErrors) console.error(`[dstream-lab] ${error.message}`);
      this.listenerBus.post("onError", error);
    });
    this.onError(error);
  }
}

/**
 * With no metadata checkpoints (a graph with a queueStream cannot be recovered), nothing will ever
 * read the checkpoint of an RDD its stream has forgotten — newer state was checkpointed since —
 * so it is deleted at once; with them, CheckpointWriter deletes it once no kept metadata file
 * references it. Either way a long-running stateful stream does not fill the disk.
 */
function deleteCheckpointFiles(rdds: RDD<unknown>[]): void {
  for (const rdd of rdds) {
    const dir = rdd.getCheckpointFile();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
