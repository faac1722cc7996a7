import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceLimits } from "node:worker_threads";
import { IllegalArgumentError, IllegalStateError } from "../errors";
import { type ExecutorStats, MapTaskExecutor } from "../executor/MapTaskExecutor";
import { ParallelCollectionRDD, type RDD, requirePartitionCount, TextFileRDD, unionOf } from "./internal";

export interface BatchContextOptions {
  /** Shown in listings and the streaming monitor. */
  appName?: string;
  /** Default number of partitions for parallelize, textFile and shuffles. */
  parallelism?: number;
  /** Where RDD checkpoints are written (also set by setCheckpointDir). */
  checkpointDir?: string;
  /**
   * Worker threads that compute the map side of shuffles (reduceByKey, groupByKey, distinct, ...)
   * beside the main thread, which computes a share itself. 0 (the default) runs everything on the
   * main thread. With 2 partitions on a 2-core machine, `workers: 1` uses both cores.
   *
   * Opt-in because functions cross to a worker as source code, not as closures: a map task ships
   * only when its input is already in memory (parallelize, cache, checkpoint) and every function
   * from there to the shuffle reads nothing but its arguments and standard globals (Math, JSON,
   * Number, ...). A function that captures a variable, uses `this` or calls an import runs on the
   * main thread as usual, so results never change — but such a job gains nothing, shipping the
   * input costs a copy, and `console.log` in a shipped function prints from the worker.
   * `executorStats` says what shipped and why the rest did not.
   *
   * @example
   * const sc = new BatchContext({ parallelism: 2, workers: 1 });
   * sc.parallelize(lines, 2).flatMap((l) => l.split(" ")).map((w) => [w, 1] as [string, number])
   *   .reduceByKey((a, b) => a + b).collect(); // both map partitions computed at once
   * sc.stop(); // terminates the workers
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
  /** @internal The parallel executor, when `workers` > 0 (see BatchContextOptions.workers). */
  readonly executor: MapTaskExecutor | undefined;
  private readonly runId = randomUUID();
  private rddIds = 0;
  private stopped = false;

  constructor(options: BatchContextOptions = {}) {
    this.appName = options.appName ?? "dstream-lab";
    this.defaultParallelism = options.parallelism ?? 2;
    requirePartitionCount(this.defaultParallelism, "BatchContext parallelism");
    if (options.checkpointDir) this.setCheckpointDir(options.checkpointDir);
    const workers = options.workers ?? 0;
    if (!Number.isInteger(workers) || workers < 0) {
      throw new IllegalArgumentError(
        `BatchContext workers: the number of worker threads must be a whole number of at least 0; got ${workers}. ` +
          "Fix: pass 0 (no workers) or e.g. the number of cores minus one.",
      );
    }
    if (workers > 0) this.executor = new MapTaskExecutor(workers, options.workerResourceLimits);
  }

  /**
   * What the worker threads have done: map tasks computed there and on the main thread, tasks
   * that could not ship and why. Undefined without workers.
   * @example sc.executorStats?.lastNotShippableReason // "the map function cannot ship: it reads `min`, ..."
   */
  get executorStats(): ExecutorStats | undefined {
    return this.executor?.stats;
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

  /** Stops the context (no more jobs) and terminates its worker threads. */
  stop(): void {
    this.stopped = true;
    this.executor?.stop();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
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
