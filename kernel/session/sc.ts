import { BatchContext } from "../../engine";

/**
 * The notebook's BatchContext (Spark's `sc`): static datasets, and the parent of every
 * StreamingContext made with `streamingContext(...)`.
 *
 * Eight partitions by default, not one per core: the scheduler runs a batch's map side one
 * partition per turn of the event loop, and the kernel answers cells between turns. With 100,000
 * records per 1 s batch, 2 partitions kept a cell like `1 + 1` waiting up to 150 ms (p99), 8 kept
 * it under 55 ms (bench/kernelLatency.ts), for the same batch processing time.
 *
 * @example
 * sc.parallelize([1, 2, 3]).map((x) => x * 2).collect() // [2, 4, 6]
 */
export const sc = new BatchContext({ appName: "notebook", parallelism: 8 });
