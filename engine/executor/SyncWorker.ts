import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import {
  MessageChannel,
  type MessagePort,
  type ResourceLimits,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import type { MapTask, MapTaskReply } from "./MapTask";

/*
 * Runs before the worker's own module: it records the worker's OS thread id (so the main thread,
 * blocked in Atomics.wait and deaf to the worker's "exit" event, can still see it die), then
 * loads mapTaskWorker — through tsx's require hook when the engine runs from TypeScript sources.
 */
const BOOTSTRAP = `"use strict";
const { workerData } = require("node:worker_threads");
let tid = -1;
try { tid = Number(require("node:fs").readlinkSync("/proc/thread-self").split("/").pop()) || -1; } catch {}
Atomics.store(new Int32Array(workerData.flags), 1 + workerData.slot, tid);
if (workerData.tsx) require(workerData.tsx).register();
require(workerData.entry);
`;

/** Where a thread's liveness can be read synchronously (Linux); elsewhere a worker is trusted to live. */
const PROC_TASKS = fs.existsSync("/proc/self/task");

/** A worker that has not even recorded its thread id after this long is taken for dead. */
const BOOT_TIMEOUT_MS = 30_000;

/**
 * One worker thread driven synchronously: tasks go out over a MessageChannel, the worker bumps a
 * shared counter with Atomics.notify when it has replied, and the reply is read with
 * receiveMessageOnPort — so the main thread can wait for it without returning to the event loop.
 */
export class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly started = performance.now();
  private exited = false;
  /** The id of the task this worker is computing, if any. */
  task: number | undefined;
  /** Tasks this worker has answered. */
  answered = 0;

  /**
   * @param signal shared counters: [0] is bumped by every reply; [1 + slot] holds this worker's
   *   OS thread id (0 until it starts, -1 where it cannot be known).
   */
  constructor(
    private readonly signal: Int32Array,
    readonly slot: number,
    resourceLimits: ResourceLimits | undefined,
  ) {
    const { port1, port2 } = new MessageChannel();
    Atomics.store(signal, 1 + slot, 0);
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { port: port2, flags: signal.buffer, slot, ...workerEntry() },
      transferList: [port2],
      ...(resourceLimits ? { resourceLimits } : {}),
    });
    // Neither the thread nor its port may keep the process alive: a script that forgets stop() still exits.
    this.worker.unref();
    port1.unref();
    // "error" (an out-of-memory worker, a failed start) is always followed by "exit"; listening
    // keeps it from becoming an uncaught exception in the main thread.
    this.worker.on("error", () => {
      this.exited = true;
    });
    this.worker.on("exit", () => {
      this.exited = true;
    });
    this.port = port1;
  }

  post(task: MapTask): void {
    this.port.postMessage(task);
    this.task = task.id;
  }

  /** The worker's reply, if it has sent one; never blocks. */
  take(): MapTaskReply | undefined {
    const reply = receiveMessageOnPort(this.port)?.message as MapTaskReply | undefined;
    if (reply) {
      this.task = undefined;
      this.answered++;
    }
    return reply;
  }

  /** The OS thread id: 0 until the thread starts, -1 where it cannot be known. */
  get osThreadId(): number {
    return Atomics.load(this.signal, 1 + this.slot);
  }

  /** Whether the thread is still there (false once it has exited or was killed mid-task). */
  get alive(): boolean {
    if (this.exited) return false;
    const tid = this.osThreadId;
    if (tid === 0) return performance.now() - this.started < BOOT_TIMEOUT_MS;
    return tid < 0 || !PROC_TASKS || fs.existsSync(`/proc/self/task/${tid}`);
  }

  /** Whether the "exit" event has been seen (between jobs, when the event loop has run). */
  get hasExited(): boolean {
    return this.exited;
  }

  terminate(): void {
    this.exited = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/** The worker's module beside this one: .ts under tsx or vitest, .js in a build. */
function workerEntry(): { entry: string; tsx: string | undefined } {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `mapTaskWorker${ext}`);
  if (ext !== ".ts") return { entry, tsx: undefined };
  try {
    return { entry, tsx: createRequire(__filename).resolve("tsx/cjs/api") };
  } catch {
    // No tsx: the worker fails to load the TypeScript entry and dies; the executor sees it and
    // runs the tasks on the main thread.
    return { entry, tsx: undefined };
  }
}
