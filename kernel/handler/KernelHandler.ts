import { CommManager, type CommPublish, UnknownCommTargetError } from "../comm";
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
  /**
   * The comm registry: comm_info, comm_open, comm_msg and comm_close go to it. The kernel passes
   * the process's `kernelComms`, on which the session's widgets register their targets; default
   * an empty one (every comm_open is answered with comm_close).
   */
  comms?: CommManager;
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
 * Comm messages go to the injected CommManager (see comm()); those the kernel sends go out under
 * the execute_request or comm message being handled on shell, else under the cell that opened
 * the comm.
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
  /** The execute_request or comm message being handled on shell now, if any: the parent of comm messages sent meanwhile. */
  private handling: JupyterMessage | undefined;
  private readonly comms: CommManager;
  private aborting = false;
  private readonly log: (line: string) => void;

  constructor(private readonly options: KernelHandlerOptions) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.comms = options.comms ?? new CommManager();
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
    const type = request.header.msg_type;
    // The requests that comm messages sent meanwhile belong to (see comm() and execute()).
    if (channel === "shell" && (type === "execute_request" || type.startsWith("comm_")))
      this.handling = request;
    try {
      await this.dispatch(channel, request, io);
    } catch (e) {
      // A bug in one handler must not take the kernel down; the client still gets idle.
      this.log(`[dstream-lab kernel] ${request.header.msg_type} failed: ${(e as Error)?.stack ?? e}`);
    } finally {
      if (this.handling === request) this.handling = undefined;
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
        return io.reply(request, "comm_info_reply", {
          status: "ok",
          comms: this.comms.info(typeof c.target_name === "string" ? c.target_name : undefined),
        });
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        return this.comm(type, request, io);
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
    // Comm messages (widgets) likewise go out under the shell request being handled: the running
    // cell, for nbclient to record the widget state, or the front end's comm_msg, whose msg_id a
    // widget's echo_update must carry as parent.
    const output = silent
      ? DISCARD
      : new MessageCellOutput((type, content, options) =>
          io.publish(
            type === "update_display_data"
              ? (this.executing ?? request)
              : type.startsWith("comm_")
                ? (this.handling ?? request)
                : request,
            type,
            content,
            options,
          ),
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

  /**
   * comm_open / comm_msg / comm_close from the front end, handed to the comm registry. Nothing is
   * replied (the spec has no comm replies); what the comm's handlers send goes out on iopub with
   * this request as parent while it is handled. Problems are logged: an unknown target is answered
   * with comm_close (the spec's rule), an unknown comm id or malformed content is ignored.
   *
   * These arrive on shell, so like ipykernel a comm_msg sent while a cell runs waits in the shell
   * queue until that cell has finished: a cell that awaits a running stream
   * (`await ssc.awaitTermination()`) holds back every control until it ends.
   */
  private async comm(type: string, request: JupyterMessage, io: KernelIo): Promise<void> {
    // The session registers the widget targets as it loads, with the executor.
    if (type === "comm_open") await this.options.executor;
    const publish: CommPublish = (msgType, content, options) =>
      io.publish(this.handling ?? request, msgType, content, options);
    const parts = {
      metadata: request.metadata ?? {},
      buffers: request.buffers ?? [],
      msgId: request.header.msg_id,
    };
    try {
      if (type === "comm_open") this.comms.receiveOpen(request.content, parts, publish);
      else if (type === "comm_msg") this.comms.receiveMsg(request.content, parts);
      else this.comms.receiveClose(request.content, parts);
    } catch (e) {
      if (e instanceof UnknownCommTargetError) publish("comm_close", { comm_id: e.commId, data: {} });
      const err = e as Error;
      this.log(`[dstream-lab kernel] ${err?.name ?? "Error"}: ${err?.message ?? String(e)}`);
    }
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
