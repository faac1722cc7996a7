/*
 * The worker thread's side of the executor (loaded by PoolWorker's bootstrap, from the TypeScript
 * source under tsx or vitest and from dist/ after a build). It imports only the modules that
 * compute a map output — steps, partitioner, key handling, MapOutputWriter — never the RDD
 * classes, so a worker starts fast and shares exactly the main thread's code.
 *
 * A task arrives as "start" (its spec), "chunk"s of records, then "end"; the answer goes back
 * once the output is complete, or as soon as a user function throws (later chunks of that task
 * are then ignored).
 */
import { parentPort } from "node:worker_threads";
import { encodeBuckets } from "./bucketCodec";
import { isPlainData } from "./isPlainData";
import type { FromWorker, ToWorker } from "./MapTask";
import { type FunctionCache, MapTaskRun } from "./MapTaskRun";
import { describeThrown } from "./workerErrors";

const port = parentPort!;

// esbuild (tsx) wraps named inner functions as __name(fn, "name"); define it as esbuild does so
// such sources evaluate here as they did where they were written.
(globalThis as any).__name ??= (target: Function, value: string) =>
  Object.defineProperty(target, "name", { value, configurable: true });

// A user function that returns a rejected promise is not shipped back (a promise cannot cross
// threads), but the rejection must not kill the worker.
process.on("unhandledRejection", () => {});

// Compiled functions kept across tasks: the same closures every batch let V8 keep its optimised
// code instead of starting cold on each.
const cache: FunctionCache = new Map();

/** The task being computed; undefined once it has answered (its remaining chunks are dropped). */
let running: { id: number; run: MapTaskRun } | undefined;

function reply(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  running = undefined;
  try {
    port.postMessage(message, transfer);
  } catch (e) {
    port.postMessage({
      id: message.id,
      kind: "unshippable",
      reason: `its output cannot be copied: ${String(e)}`,
    });
  }
}

function finish(id: number, run: MapTaskRun): void {
  let buckets: unknown[][];
  try {
    buckets = run.buckets();
  } catch (e) {
    reply({ id, kind: "failed", thrown: describeThrown(e) });
    return;
  }
  if (!isPlainData(buckets)) {
    reply({
      id,
      kind: "unshippable",
      reason:
        "its output holds values that do not survive a copy between threads (class instances, functions)",
    });
    return;
  }
  const { encoded, transfer } = encodeBuckets(buckets as [unknown, unknown][][]);
  reply({ id, kind: "done", buckets: encoded, computeMs: run.computeMs }, transfer);
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "start":
      try {
        running = { id: message.id, run: new MapTaskRun(message.spec, cache) };
      } catch (e) {
        // V8 and the parser that admitted a source disagree: run the task on the main thread.
        reply({
          id: message.id,
          kind: "unshippable",
          reason: `its functions do not compile here: ${String(e)}`,
        });
      }
      return;
    case "chunk":
      if (running?.id !== message.id) return;
      try {
        running.run.push(message.chunk);
      } catch (e) {
        reply({ id: message.id, kind: "failed", thrown: describeThrown(e) });
      }
      return;
    case "end":
      if (running?.id === message.id) finish(message.id, running.run);
      return;
  }
});
