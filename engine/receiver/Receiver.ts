import { IllegalStateError } from "../errors";
import type { ReceiverSupervisor } from "./ReceiverSupervisor";

/**
 * Where live records enter (Spark's Receiver): a source that runs from `onStart` to `onStop` and
 * hands what it reads to `store`. Write one for any source and pass it to `ssc.receiverStream`.
 *
 * - `onStart` must not block: open the socket or start the server and return (or resolve). A
 *   throw or rejection restarts the receiver with backoff.
 * - `store(record)` buffers one record into the current block (unreliable: a crash before its
 *   batch runs loses it). It returns false when the receiver is over its rate: pause the source
 *   (or implement `onPause`/`onResume`, which the supervisor calls) — the record is kept anyway.
 * - `storeBlock(records)` resolves once the records are stored as one block: the reliable path.
 *   Acknowledge the source only after it resolves.
 * - `restart(reason, error?, delayMs?)` when the source failed or closed: `onStop`, a wait that
 *   doubles with each failure in a row (reset once records flow again), then `onStart`.
 * - `reportError` and `reportBadRecord` show problems on the receiver's status, in listeners'
 *   `onReceiverError` and in `monitor()`, without restarting.
 *
 * (`store` and `storeBlock` are two names, not one overloaded `store` as in Spark, because a
 * record may itself be an array: `store([1, 2])` could not tell a tuple from two records.)
 *
 * @example
 * class TickReceiver extends Receiver<number> {
 *   private timer?: NodeJS.Timeout;
 *   get name() { return "ticks"; }
 *   onStart() { let i = 0; this.timer = setInterval(() => this.store(i++), 10); }
 *   onStop() { clearInterval(this.timer); }
 * }
 * ssc.receiverStream(new TickReceiver()).count().print();
 */
export abstract class Receiver<T> {
  private supervisor: ReceiverSupervisor<T> | undefined;

  /** Starts reading: non-blocking (return, or resolve, once the source is being read). */
  abstract onStart(): void | Promise<void>;

  /** Stops reading and frees what onStart took (sockets, servers, timers). Called once per start. */
  abstract onStop(): void | Promise<void>;

  /** Over the rate: stop reading from the source until onResume (e.g. socket.pause()). */
  onPause?(): void;

  /** Back under the rate: read again (e.g. socket.resume()). */
  onResume?(): void;

  /** What it reads, for the monitor and messages, e.g. `socket localhost:9999`. */
  get name(): string {
    return this.constructor.name;
  }

  /** The id of the input stream it feeds (set when it is given to a stream). */
  get streamId(): number {
    return this.attached("streamId").streamId;
  }

  /** Stores one record into the current block; false when the source should pause (see class doc). */
  store(record: T): boolean {
    return this.attached("store").store(record);
  }

  /** Stores `records` as one block; resolves once stored. Acknowledge the source after this. */
  storeBlock(records: T[], metadata?: Record<string, unknown>): Promise<void> {
    return this.attached("storeBlock").storeBlock(records, metadata);
  }

  /** Counts a record that could not be read (malformed, oversized): `problem` says what and the fix. */
  reportBadRecord(problem: string): void {
    this.attached("reportBadRecord").reportBadRecord(problem);
  }

  /** Shows an error on the receiver's status and to listeners; the receiver keeps running. */
  reportError(message: string, error?: unknown): void {
    this.attached("reportError").reportError(message, error);
  }

  /** Stops, waits (`delayMs`, or the backoff), and starts again. Safe to call more than once. */
  restart(message: string, error?: unknown, delayMs?: number): void {
    this.attached("restart").restart(message, error, delayMs);
  }

  /** Stops this receiver for good (the context runs on without its data). */
  stop(message: string, error?: unknown): void {
    void this.attached("stop").stop(message, error);
  }

  /** True between a successful onStart and the next stop or restart. */
  isStarted(): boolean {
    return this.supervisor?.info().state === "active";
  }

  /** True once stopped for good: a loop reading the source should end. */
  isStopped(): boolean {
    return this.supervisor?.info().state === "stopped";
  }

  /** @internal The supervisor takes its receiver once; a receiver feeds one stream. */
  attach(supervisor: ReceiverSupervisor<T>): void {
    if (this.supervisor && this.supervisor !== supervisor) {
      throw new IllegalStateError(
        `${this.name} already feeds input stream ${this.supervisor.streamId}; a receiver feeds one stream. ` +
          "Fix: create a new receiver for each stream, then union the streams if you want them together.",
      );
    }
    this.supervisor = supervisor;
  }

  private attached(method: string): ReceiverSupervisor<T> {
    if (!this.supervisor) {
      throw new IllegalStateError(
        `${this.name}.${method}() was called before the receiver was given to a stream. ` +
          "Fix: pass it to ssc.receiverStream(receiver) and start the context; the context calls onStart.",
      );
    }
    return this.supervisor;
  }
}
