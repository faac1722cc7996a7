import { createRequire } from "node:module";
import * as path from "node:path";
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { FromWorker, ToWorker } from "./MapTask";

/*
 * Runs before the worker's own module: loads workerMain, through tsx's require hook when the
 * engine runs from TypeScript sources (tsx, vitest).
 */
const BOOTSTRAP = `"use strict";
const { workerData } = require("node:worker_threads");
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;

/**
 * One worker thread of a WorkerPool. It keeps the process alive only while it computes a task
 * (an awaited batch must not be cut short by the process exiting); idle, it is unref'd, so a
 * script that forgets `sc.stop()` still exits.
 */
export class PoolWorker {
  private readonly worker: Worker;
  private exited = false;
  /** Set when this side ended the thread (cancel, stop, idle): its exit is not a crash. */
  private terminated = false;
  /** What the thread reported before dying ("error" event: out of memory, failed start). */
  private failure: Error | undefined;
  /** Tasks this worker has answered. */
  answered = 0;

  constructor(
    resourceLimits: ResourceLimits | undefined,
    onMessage: (worker: PoolWorker, message: FromWorker) => void,
    onExit: (worker: PoolWorker, crashed: boolean) => void,
  ) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: workerEntry(),
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    this.worker.unref();
    this.worker.on("message", (message: FromWorker) => {
      this.answered++;
      onMessage(this, message);
    });
    // "error" (out of memory, a failed start) is always followed by "exit"; listening keeps it
    // from becoming an uncaught exception in the main thread.
    this.worker.on("error", (e) => {
      this.failure = e;
    });
    this.worker.on("exit", () => {
      this.exited = true;
      onExit(this, !this.terminated);
    });
  }

  /** Why the thread died, for the warning when workers keep dying. */
  get deathReason(): string {
    return this.failure ? `${this.failure.name}: ${this.failure.message}` : "it exited";
  }

  get alive(): boolean {
    return !this.exited && !this.terminated;
  }

  post(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** Keeps the process alive while the worker computes a task (true) or not (false, idle). */
  keepAlive(busy: boolean): void {
    if (busy) this.worker.ref();
    else this.worker.unref();
  }

  terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    void this.worker.terminate();
  }
}

/** The worker's module beside this one: .ts under tsx or vitest, .js in a build. */
function workerEntry(): { entry: string; tsx: string | undefined } {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `workerMain${ext}`);
  if (ext !== ".ts") return { entry, tsx: undefined };
  try {
    return { entry, tsx: createRequire(__filename).resolve("tsx/cjs/api") };
  } catch {
    // No tsx: the worker fails to load the TypeScript entry and dies; the pool sees it and the
    // tasks run on the main thread.
    return { entry, tsx: undefined };
  }
}
