import type { ExecuteOutcome } from "../executor";
import { type CellOutput, MessageCellOutput } from "../output";
import type { JupyterMessage } from "../wire";
import type { KernelExecutor } from "./KernelExecutor";
import type { KernelIo } from "./KernelIo";
import { kernelInfo } from "./kernelInfo";
import { pageRequest } from "./pageRequest";
import { type HistoryQuery, SessionHistory } from "./SessionHistory";

export type Channel = "shell" | "control";

export interface KernelHandlerOptions {
  /** The executor, or a promise of it: the kernel answers kernel_info while the compiler loads. */
  executor: KernelExecutor | Promise<KernelExecutor>;
  /** Called after shutdown_reply has been handed to the io; the server closes and the process exits. */
  onShutdown?: (restart: boolean) => void;
  /**
   * Lets the server take in the requests already sent (after a cell that blocked the event loop,
   * they may still sit in the socket). Awaited after a failed cell, before its reply is sent: the
   * execute_requests queued by then are aborted.
   */
  takeQueuedRequests?: () => Promise<void>;
  /** Called after each request has been answered and its idle status published. */
  onRequestDone?: (request: JupyterMessage) => void;
  /** Where protocol problems are logged (default stderr). */
  log?: (line: string) => void;
}

/** A CellOutput that drops everything: for user_expressions, which must not print into the cell. */
const DISCARD: CellOutput = { stream() {}, display() {}, updateDisplay() {}, error() {} };

/**
 * The kernel's request → messages logic, with no sockets: given a request and the channel it came
 * on, it publishes status busy, the outputs and status idle on iopub (each with the request as
 * parent) and sends the reply, through a KernelIo. Shell requests are handled one at a time by the
 * caller; control requests may arrive while a shell request is still running.
 *
 * After an execute_request fails with stop_on_error, the execute_requests already queued behind it
 * are answered "aborted" without running, until the server calls queueDrained().
 *
 * @example
 * const handler = new KernelHandler({ executor: CellExecutor.create() });
 * await handler.handle("shell", request, io);
 */
export class KernelHandler {
  readonly history = new SessionHistory();
  private executionCount = 0;
  /** The non-silent execute_request being executed now, if any. */
  private executing: JupyterMessage | undefined;
  private aborting = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: KernelHandlerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** True while queued execute_requests are being aborted after a failed cell. */
  get isAborting(): boolean {
    return this.aborting;
  }

  /** The shell queue is empty: requests from now on run again after an error aborted the queue. */
  queueDrained(): void {
    this.aborting = false;
  }

  /** Interrupts the running cell, or stops the background work of all cells when none runs. */
  async interrupt(): Promise<void> {
    await (await this.options.executor).interrupt();
  }

  async handle(channel: Channel, request: JupyterMessage, io: KernelIo): Promise<void> {
    await io.publish(request, "status", { execution_state: "busy" });
    try {
      await this.dispatch(channel, request, io);
    } catch (e) {
      // A bug in one handler must not take the kernel down; the client still gets idle.
      this.log(`[dstream-lab kernel] ${request.header.msg_type} failed: ${(e as Error)?.stack ?? e}`);
    } finally {
      io.publish(request, "status", { execution_state: "idle" });
      this.options.onRequestDone?.(request);
    }
  }

  private async dispatch(channel: Channel, request: JupyterMessage, io: KernelIo): Promise<void> {
    const type = request.header.msg_type;
    const c = request.content as Record<string, any>;
    switch (type) {
      case "kernel_info_request":
        return io.reply(request, "kernel_info_reply", kernelInfo());
      case "execute_request":
        return io.reply(request, "execute_reply", await this.execute(request, io));
      case "complete_request": {
        const executor = await this.options.executor;
        const code = String(c.code ?? "");
        const r = executor.complete(code, cursorOf(c, code));
        return io.reply(request, "complete_reply", {
          status: "ok",
          matches: r.matches,
          cursor_start: r.cursorStart,
          cursor_end: r.cursorEnd,
          metadata: {},
        });
      }
      case "inspect_request": {
        const executor = await this.options.executor;
        const code = String(c.code ?? "");
        const r = executor.inspect(code, cursorOf(c, code));
        return io.reply(request, "inspect_reply", {
          status: "ok",
          found: r.found,
          data: r.found ? { "text/plain": r.text } : {},
          metadata: {},
        });
      }
      case "is_complete_request": {
        const executor = await this.options.executor;
        return io.reply(request, "is_complete_reply", { ...executor.isComplete(String(c.code ?? "")) });
      }
      case "history_request":
        return io.reply(request, "history_reply", {
          status: "ok",
          history: this.history.query(c as HistoryQuery),
        });
      case "comm_info_request":
        return io.reply(request, "comm_info_reply", { status: "ok", comms: {} });
      case "comm_open":
        // No comm targets are registered: the spec says to close a comm whose target is unknown.
        this.log(
          `[dstream-lab kernel] comm_open for unknown target ${JSON.stringify(c.target_name)}; closing it`,
        );
        return io.publish(request, "comm_close", { comm_id: c.comm_id, data: {} });
      case "comm_msg":
      case "comm_close":
        this.log(`[dstream-lab kernel] ${type} for unknown comm ${JSON.stringify(c.comm_id)} ignored`);
        return;
      case "interrupt_request":
        await this.interrupt();
        return io.reply(request, "interrupt_reply", { status: "ok" });
      case "shutdown_request": {
        const restart = Boolean(c.restart);
        io.reply(request, "shutdown_reply", { status: "ok", restart });
        this.options.onShutdown?.(restart);
        return;
      }
      default:
        this.log(`[dstream-lab kernel] unknown message type ${JSON.stringify(type)} on ${channel} ignored`);
    }
  }

  private async execute(request: JupyterMessage, io: KernelIo): Promise<Record<string, unknown>> {
    const c = request.content as Record<string, any>;
    const code = String(c.code ?? "");
    const silent = Boolean(c.silent);
    const storeHistory = silent ? false : c.store_history !== false;
    const stopOnError = c.stop_on_error !== false;
    if (this.aborting) {
      return { status: "aborted", execution_count: this.executionCount };
    }
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!silent) await io.publish(request, "execute_input", { code, execution_count: count });

    const executor = await this.options.executor;
    const page = pageRequest(code);
    if (page !== undefined) {
      const info = executor.inspect(page, page.length);
      if (storeHistory) this.history.add(count, code, null);
      const text = info.found ? info.text : `Object \`${page}\` not found.`;
      return {
        status: "ok",
        execution_count: count,
        payload: [{ source: "page", data: { "text/plain": text }, start: 0 }],
        user_expressions: {},
      };
    }

    // update_display_data replaces a display wherever its display_id is shown: front ends route it
    // by that id, not by parent. It goes out under the cell running now, if any, because headless
    // clients (nbclient, so nbconvert and the README's main job) keep only the running cell's
    // messages: a chart defined in one cell and fed while the next runs would otherwise stay
    // frozen in the executed notebook. ipykernel behaves the same way.
    const output = silent
      ? DISCARD
      : new MessageCellOutput((type, content) =>
          io.publish(type === "update_display_data" ? (this.executing ?? request) : request, type, content),
        );
    if (!silent) this.executing = request;
    let outcome: ExecuteOutcome;
    try {
      outcome = await executor.execute(code, output, count);
    } finally {
      if (this.executing === request) this.executing = undefined;
    }
    let resultText: string | null = null;
    if (outcome.status === "ok") {
      const data = outcome.hasResult && !silent ? executor.toMimeBundle(outcome.result) : {};
      // An empty bundle is a value with nothing to add (a DisplayHandle: its output is shown).
      if (Object.keys(data).length > 0) {
        resultText = typeof data["text/plain"] === "string" ? data["text/plain"] : null;
        io.publish(request, "execute_result", { execution_count: count, data, metadata: {} });
      }
      if (storeHistory) this.history.add(count, code, resultText);
      return {
        status: "ok",
        execution_count: count,
        payload: [],
        user_expressions: await this.userExpressions(executor, c.user_expressions, count),
      };
    }
    if (storeHistory) this.history.add(count, code, null);
    const { ename, evalue, traceback } = outcome;
    if (!silent) io.publish(request, "error", { ename, evalue, traceback });
    if (stopOnError) {
      this.aborting = true;
      // Before the reply goes out, so that only requests sent before it are aborted.
      await this.options.takeQueuedRequests?.();
    }
    return { status: "error", execution_count: count, ename, evalue, traceback, user_expressions: {} };
  }

  /** Each expression evaluated after the cell, as IPython does: a mime bundle or an error. */
  private async userExpressions(
    executor: KernelExecutor,
    expressions: unknown,
    count: number,
  ): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    if (!expressions || typeof expressions !== "object") return out;
    for (const [name, expr] of Object.entries(expressions as Record<string, unknown>)) {
      const r: ExecuteOutcome = await executor.execute(`(${String(expr)})`, DISCARD, count);
      out[name] =
        r.status === "ok"
          ? {
              status: "ok",
              data: r.hasResult ? executor.toMimeBundle(r.result) : { "text/plain": "undefined" },
              metadata: {},
            }
          : { status: "error", ename: r.ename, evalue: r.evalue, traceback: r.traceback };
    }
    return out;
  }
}

/** The request's cursor_pos, defaulting to the end of the code (as the spec allows). */
function cursorOf(content: Record<string, any>, code: string): number {
  return typeof content.cursor_pos === "number" ? content.cursor_pos : Array.from(code).length;
}
