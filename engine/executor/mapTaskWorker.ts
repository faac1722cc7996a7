/*
 * The worker thread's side of the parallel executor (loaded by SyncWorker's bootstrap, from the
 * TypeScript source under tsx or vitest and from dist/ after a build). It imports only the
 * modules that compute a map output — steps, partitioner, key handling, shuffle bucketing — never
 * the RDD classes, so a worker starts fast and shares exactly the main thread's code.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { isPlainData } from "./isPlainData";
import { type MapTask, type MapTaskReply, runMapTask } from "./MapTask";
import { describeThrown } from "./workerErrors";

const { port, flags } = workerData as { port: MessagePort; flags: SharedArrayBuffer };
const signal = new Int32Array(flags);

// esbuild (tsx) wraps named inner functions as __name(fn, "name"); define it as esbuild does so
// such sources evaluate here as they did where they were written.
(globalThis as any).__name ??= (target: Function, value: string) =>
  Object.defineProperty(target, "name", { value, configurable: true });

// A user function that returns a rejected promise is not shipped back (a promise cannot cross
// threads), but the rejection must not kill the worker.
process.on("unhandledRejection", () => {});

// One compiled function per source, kept across tasks: the same closures every batch let V8 keep
// its optimised code instead of starting cold on each.
const compiled = new Map<string, (...args: any[]) => any>();

function compile(source: string): (...args: any[]) => any {
  let f = compiled.get(source);
  if (!f) {
    // Evaluated in this thread's global scope: shippableSource admitted only functions that read
    // nothing but their arguments and standard globals, so this gives the same function.
    f = new Function(`"use strict"; return (${source});`)() as (...args: any[]) => any;
    // Bounded: a notebook session may ship many one-off functions over its life.
    if (compiled.size >= 1000) compiled.clear();
    compiled.set(source, f);
  }
  return f;
}

function run(task: MapTask): MapTaskReply {
  try {
    for (const s of task.steps) if (s.source) compile(s.source);
    if (task.combine) {
      compile(task.combine.createCombiner);
      compile(task.combine.mergeValue);
    }
  } catch (e) {
    // V8 and the parser that admitted the source disagree: run it on the main thread instead.
    return {
      id: task.id,
      kind: "unshippable",
      reason: `its source does not compile on its own: ${String(e)}`,
    };
  }
  let buckets: unknown[][];
  try {
    buckets = runMapTask(task, compile);
  } catch (e) {
    return { id: task.id, kind: "failed", thrown: describeThrown(e) };
  }
  if (!isPlainData(buckets)) {
    return {
      id: task.id,
      kind: "unshippable",
      reason:
        "its output holds values that do not survive a copy between threads (class instances, functions)",
    };
  }
  return { id: task.id, kind: "done", buckets };
}

port.on("message", (task: MapTask) => {
  const reply = run(task);
  try {
    port.postMessage(reply);
  } catch (e) {
    port.postMessage({
      id: task.id,
      kind: "unshippable",
      reason: `its output cannot be copied: ${String(e)}`,
    });
  }
  // Wake the main thread, which waits on this counter with Atomics.wait.
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
