import { BatchContext } from "../../engine";

/**
 * The notebook's BatchContext (Spark's `sc`): static datasets, and the parent of every
 * StreamingContext made with `streamingContext(...)`.
 *
 * @example
 * sc.parallelize([1, 2, 3]).map((x) => x * 2).collect() // [2, 4, 6]
 */
export const sc = new BatchContext({ appName: "notebook" });
