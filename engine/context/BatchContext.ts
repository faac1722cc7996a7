import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ResourceLimits } from "node:worker_threads";
import { IllegalArgumentError, IllegalStateError } from "../errors";
import { Executor } from "../executor/Executor";
import type { ExecutorStats } from "../executor/ExecutorStats";
import {
  ParallelCollectionRDD,
  type RDD,
  requirePartitionCount,
  TextFileRDD,
  unionOf,
} from "../rdd/internal";

export interface BatchContextOptions {
  /** Shown in listings and the streaming monitor. */
  appName?: string;
  /** Default number of partitions for parallelize, textFile and shuffles. */
  parallelism?: number;
  /** Where RDD checkpoints are written (also set by setCheckpointDir). */
  checkpointDir?: string;
  /**
   * Worker threads that compute a batch's tasks beside the main thread. Default: one per core
   * (`os.availableParallelism()`), or the DSTREAM_LAB_WORKERS environment variable; 0 runs
   * everything on the main thread. Threads start on first use and end after 10 s idle or at stop().
   *
   * The scheduler sends the map side of a batch's shuffles (reduceByKey, groupByKey, joins,
   * windows...) to the workers and awaits them while the main thread serves its event loop (the
   * notebook kernel, listeners, charts, receivers). A task ships when its input is data in memory
   * (parallelized, received, cached, checkpointed) and every function from there to the shuffle
   * ships: it reads nothing but its arguments, standard globals and captured plain data (see
   * shipFunction); its records are plain data. Everything else runs on the main thread exactly as
   * with `workers: 0`, and results are identical either way. `executorStats` says which function
   * stayed and why. Synchronous actions (`collect()` on a static RDD) compute on the main thread;
   * `await rdd.collectAsync()` uses the workers.
   *
   * @example
   * const sc = new BatchContext({ parallelism: 2 }); // a worker per core
   * const counts = sc.parallelize(lines, 2).flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number])
   *   .reduceByKey((a, b) => a + b);
   * await counts.collectAsync(); // both map partitions computed at once, on the workers
   * sc.stop(); // ends the workers
   */
  workers?: number;
  /** Memory limits for each worker thread (Node's worker resourceLimits). */
  workerResourceLimits?: ResourceLimits;
}

/**
 * The entry point for static, partitioned datasets (Spark's SparkContext).
 *
 * @example
 * const sc = new BatchContext({ appName: "demo", parallelism: 4 });
 * sc.parallelize([1, 2, 3], 2).map((x) => x * 2).collect(); // [2, 4, 6]
 */
export class BatchContext {
  readonly appName: string;
  readonly defaultParallelism: number;
  checkpointDir: string | undefined;
  /** @internal The worker-thread executor, when `workers` > 0 (see BatchContextOptions.workers). */
  readonly executor: Executor | undefined;
  private readonly runId = randomUUID();
  private rddIds = 0;
  private stopped = false;

  constructor(options: BatchContextOptions = {}) {
    this.appName = options.appName ?? "dstream-lab";
    this.defaultParallelism = options.parallelism ?? 2;
    requirePartitionCount(this.defaultParallelism, "BatchContext parallelism");
    if (options.checkpointDir) this.setCheckpointDir(options.checkpointDir);
    const workers = options.workers ?? defaultWorkers();
    if (!Number.isInteger(workers) || workers < 0) {
      throw new IllegalArgumentError(
        `BatchContext workers: the number of worker threads must be a whole number of at least 0; got ${workers}. ` +
          "Fix: pass 0 (everything on the main thread) or e.g. the number of cores.",
      );
    }
    if (workers > 0) this.executor = new Executor(workers, options.workerResourceLimits);
  }

  /**
   * What the executor has done: tasks computed on the worker threads and on the main thread, and
   * for the functions that kept tasks on the main thread, which and why (the latest few), so
   * they can be fixed. Undefined with `workers: 0`.
   * @example sc.executorStats?.notShippable // [{ function: "(x) => x > sock.limit", reason: "...", tasks: 4 }]
   */
  get executorStats(): ExecutorStats | undefined {
    return this.executor?.stats;
  }

  /**
   * Stops the tasks running on the worker threads and those waiting for one: busy threads are
   * terminated (a task stuck in a loop cannot be stopped otherwise) and each task fails with a
   * TaskCancelledError naming its functions, so its batch fails. The notebook kernel calls this
   * on interrupt. Returns how many tasks were cancelled.
   * @example sc.cancelRunningTasks(); // 2
   */
  cancelRunningTasks(reason = "interrupted"): number {
    return this.executor?.cancel(reason) ?? 0;
  }

  /** @internal */
  newRddId(): number {
    return this.rddIds++;
  }

  /** An RDD over an in-memory collection, cut into `numSlices` partitions. */
  parallelize<T>(data: Iterable<T>, numSlices = this.defaultParallelism): RDD<T> {
    requirePartitionCount(numSlices, "parallelize");
    return new ParallelCollectionRDD(this, Array.isArray(data) ? data : [...data], numSlices);
  }

  /** Spark's other name for parallelize. */
  makeRDD<T>(data: Iterable<T>, numSlices = this.defaultParallelism): RDD<T> {
    return this.parallelize(data, numSlices);
  }

  /** The numbers start, start+step, ... below end. @example sc.range(0, 5).collect() // [0,1,2,3,4] */
  range(start: number, end: number, step = 1, numSlices = this.defaultParallelism): RDD<number> {
    if (step === 0)
      throw new IllegalArgumentError("range: step must not be 0. Fix: use a positive or negative step.");
    const out: number[] = [];
    for (let x = start; step > 0 ? x < end : x > end; x += step) out.push(x);
    return this.parallelize(out, numSlices);
  }

  /**
   * The lines of a text file, of every visible file in a directory, or of a comma-separated list.
   * @example sc.textFile("data/words.txt").flatMap((l) => l.split(" ")).count()
   */
  textFile(filePath: string, minPartitions = this.defaultParallelism): RDD<string> {
    requirePartitionCount(minPartitions, "textFile");
    const files = filePath.split(",").flatMap((p) => expandPath(p.trim()));
    return new TextFileRDD(this, files, minPartitions);
  }

  /** An RDD with no partitions and no records. */
  emptyRDD<T>(): RDD<T> {
    return new ParallelCollectionRDD<T>(this, [], 0, "emptyRDD");
  }

  /** Alias of emptyRDD. */
  empty<T>(): RDD<T> {
    return this.emptyRDD<T>();
  }

  /** All records of several RDDs. */
  union<T>(rdds: RDD<T>[]): RDD<T> {
    if (rdds.length === 0) return this.emptyRDD<T>();
    return unionOf(this, rdds);
  }

  /**
   * Where RDD.checkpoint() writes (in a subdirectory of its own, see rddCheckpointDir). Created if
   * missing. @example sc.setCheckpointDir("/tmp/ckpt"); rdd.checkpoint(); rdd.count();
   */
  setCheckpointDir(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    this.checkpointDir = path.resolve(dir);
  }

  /**
   * Where this context writes RDD checkpoints: a subdirectory of checkpointDir unique to this
   * context (as in Spark). RDD ids restart at 0 in every context, so two contexts sharing a
   * directory — a notebook cell run twice, a stream restarted from its checkpoint — would
   * otherwise overwrite each other's rdd-<id> files while the other still reads them.
   */
  get rddCheckpointDir(): string | undefined {
    return this.checkpointDir === undefined ? undefined : path.join(this.checkpointDir, this.runId);
  }

  /**
   * Runs `f` on each listed partition (all by default), then writes any checkpoints the job's
   * lineage asked for. Every action goes through here.
   */
  runJob<T, R>(rdd: RDD<T>, f: (split: number) => R, partitions?: number[]): R[] {
    if (this.stopped) {
      throw new IllegalStateError(
        "This BatchContext has been stopped, so it cannot run jobs. Fix: create a new BatchContext.",
      );
    }
    const splits = partitions ?? Array.from({ length: rdd.numPartitions }, (_, i) => i);
    const results = splits.map(f);
    rdd.doCheckpoint();
    return results;
  }

  /** Stops the context (no more jobs), cancels its running tasks and ends its worker threads. */
  stop(): void {
    this.stopped = true;
    this.executor?.stop();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

/**
 * The pool size when `workers` is not given: DSTREAM_LAB_WORKERS if set (so a whole test suite or
 * notebook can run with the pool forced on or off), else one thread per core.
 */
function defaultWorkers(): number {
  const env = process.env.DSTREAM_LAB_WORKERS;
  if (env === undefined || env.trim() === "") return os.availableParallelism();
  const n = Number(env);
  if (!Number.isInteger(n) || n < 0) {
    throw new IllegalArgumentError(
      `DSTREAM_LAB_WORKERS must be a whole number of at least 0; got "${env}". ` +
        "Fix: set it to 0 (everything on the main thread) or a number of worker threads, or unset it.",
    );
  }
  return n;
}

function expandPath(p: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new IllegalArgumentError(
      `textFile: ${p} does not exist. Fix: check the path (relative paths start at ${process.cwd()}).`,
    );
  }
  if (!stat.isDirectory()) return [p];
  return fs
    .readdirSync(p)
    .filter((f) => !f.startsWith(".") && !f.startsWith("_"))
    .sort()
    .map((f) => path.join(p, f))
    .filter((f) => fs.statSync(f).isFile());
}
