import { BatchContext } from "../../engine";

/**
 * The notebook's BatchContext (Spark's `sc`): static datasets, and the parent of every
 * StreamingContext made with `streamingContext(...)`.
 *
 * Its worker pool is on (one thread per core, or DSTREAM_LAB_WORKERS): a batch's map tasks run on
 * the workers while the kernel answers cells; `sc.executorStats` says which functions stayed on
 * the kernel's thread and why, and an interrupt cancels the tasks running there.
 *
 * Eight partitions by default, not one per core: the scheduler runs the map tasks that stay on the
 * kernel's thread one partition per turn of the event loop, and the kernel answers cells between
 * turns. With 100,000 records per 1 s batch on one thread, 2 partitions kept a cell like `1 + 1`
 * waiting up to 150 ms (p99), 8 kept it under 55 ms (bench/kernelLatency.ts).
 *
 * @example
 * sc.parallelize([1, 2, 3]).map((x) => x * 2).collect() // [2, 4, 6]
 * sc.executorStats // { workers: 2, tasksOnWorkers: 16, tasksOnMainThread: 0, ... }
 */
export const sc = new BatchContext({ appName: "notebook", parallelism: 8 });
