import type { DStream, ForEachDStream, InputDStream } from "../dstream/internal";
import { errorMessage, IllegalStateError } from "../errors";
import type { RDD } from "../rdd/internal";
import type { Duration } from "../time/Duration";
import type { Time } from "../time/Time";
import type { Job } from "./Job";

/** How long ssc.stop() waits for one input to stop (wall time): a hung onStop must not hang stop(). */
const INPUT_STOP_TIMEOUT_MS = 10_000;

/** The inputs and outputs of one StreamingContext; everything else hangs between them. */
export class DStreamGraph {
  readonly inputStreams: InputDStream<any>[] = [];
  readonly outputStreams: ForEachDStream<any>[] = [];
  zeroTime: Time | undefined;
  rememberDuration: Duration | undefined;
  /** Where an input's failed asynchronous start is reported (the scheduler posts it to listeners). */
  onInputError: (error: Error) => void = (e) => console.error(`[dstream-lab] ${e.message}`);
  private streamIds = 0;
  private stopping: Promise<void> | undefined;

  constructor(readonly batchDuration: Duration) {}

  newStreamId(): number {
    return this.streamIds++;
  }

  addInputStream(s: InputDStream<any>): void {
    this.inputStreams.push(s);
  }

  /** Registers an output operation; returns its id (its position in definition order). */
  addOutputStream(s: ForEachDStream<any>): number {
    this.outputStreams.push(s);
    return this.outputStreams.length - 1;
  }

  remember(d: Duration): void {
    this.rememberDuration = d;
  }

  /** Checks the graph can run at all (before anything starts). */
  validate(): void {
    if (this.outputStreams.length === 0) {
      throw new IllegalStateError(
        "No output operations registered, so nothing to execute. " +
          "Fix: add one before start(), e.g. stream.print() or stream.foreachRDD((rdd) => ...).",
      );
    }
  }

  /** Fixes zero time, sizes what each stream remembers, validates, then starts the inputs. */
  start(zeroTime: Time): void {
    this.zeroTime = zeroTime;
    for (const s of this.outputStreams) s.initialize(zeroTime);
    for (const s of this.outputStreams) s.remember(this.rememberDuration);
    for (const s of this.outputStreams) s.validateAtStart();
    for (const s of this.inputStreams) {
      // A synchronous throw aborts the start; a rejection (a port in use) is reported and the
      // context runs on, as a source that fails later would.
      Promise.resolve(s.start()).catch((e: unknown) => this.onInputError(asError(e, `${s} failed to start`)));
    }
  }

  /**
   * Stops every input, once however often it is called; resolves once all have (sockets closed,
   * servers down). Never rejects.
   */
  stop(): Promise<void> {
    this.stopping ??= Promise.all(this.inputStreams.map((s) => this.stopInput(s))).then(() => {});
    return this.stopping;
  }

  /** Stops one input; one that takes longer than INPUT_STOP_TIMEOUT_MS is reported and left behind. */
  private async stopInput(s: InputDStream<any>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), INPUT_STOP_TIMEOUT_MS);
      timer.unref();
    });
    try {
      const outcome = await Promise.race([Promise.resolve(s.stop()), timedOut]);
      if (outcome === "timeout") {
        this.onInputError(
          new Error(
            `${s} did not stop within ${INPUT_STOP_TIMEOUT_MS / 1000} s, so the context stopped without waiting ` +
              "for it. Fix: make its stop (a receiver's onStop) close what it opened and return, or resolve, promptly.",
          ),
        );
      }
    } catch (e) {
      this.onInputError(asError(e, `${s} failed to stop`));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Forgets the zero time of a start that failed, so a later start may pick a new one. */
  reset(): void {
    this.stopping = undefined;
    this.zeroTime = undefined;
    for (const s of this.allStreams()) s.zeroTime = undefined;
  }

  /** One job per output operation, in definition order. */
  generateJobs(time: Time): Job[] {
    // Every input takes its batch at every interval, as Spark's receivers allocate blocks to every
    // batch: a window sliding every 3 batches reads no input at the 2 batches between its slides,
    // and a queueStream left undrained there would shift every later batch by an interval.
    for (const s of this.inputStreams) {
      try {
        s.getOrCompute(time);
      } catch {
        // The jobs that read this input call getOrCompute again and report the error there.
      }
    }
    return this.outputStreams.flatMap((s) => s.generateJob(time) ?? []);
  }

  /** Forgets RDDs no stream needs any more once batch `time` is done. */
  clearMetadata(time: Time): RDD<unknown>[] {
    const forgotten: RDD<unknown>[] = [];
    for (const s of this.outputStreams) s.clearMetadata(time, forgotten);
    return forgotten;
  }

  /**
   * Every stream reachable from the outputs, depth first from each output in definition order,
   * dependencies in order. Metadata checkpoints identify streams by their position in this list,
   * so the order must depend only on how the graph was built: changing it makes every existing
   * checkpoint look like a different graph.
   */
  allStreams(): DStream<any>[] {
    const seen = new Set<DStream<any>>();
    const visit = (s: DStream<any>) => {
      if (seen.has(s)) return;
      seen.add(s);
      for (const d of s.dependencies) visit(d);
    };
    for (const s of this.outputStreams) visit(s);
    return [...seen];
  }
}

function asError(e: unknown, context: string): Error {
  return e instanceof Error ? e : new Error(`${context}: ${errorMessage(e)}`);
}
