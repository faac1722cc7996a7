import { beforeAll, describe, expect, it } from "vitest";
import { CellExecutor } from "../../../kernel/executor";
import { KernelHandler, type KernelIo } from "../../../kernel/handler";
import { createMessage, type JupyterMessage } from "../../../kernel/wire";
import { until } from "../../helpers/until";

// The pure handler with the real executor and no sockets: a RecordingIo keeps what it sends.

interface Sent {
  kind: "publish" | "reply";
  parent: string;
  msgType: string;
  content: Record<string, any>;
}

/** A KernelIo that records every message instead of sending it. */
class RecordingIo implements KernelIo {
  readonly sent: Sent[] = [];
  publish(parent: JupyterMessage, msgType: string, content: Record<string, unknown>): void {
    this.sent.push({ kind: "publish", parent: parent.header.msg_id, msgType, content });
  }
  reply(request: JupyterMessage, msgType: string, content: Record<string, unknown>): void {
    this.sent.push({ kind: "reply", parent: request.header.msg_id, msgType, content });
  }
  replyTo(request: JupyterMessage): Sent {
    return this.sent.find((s) => s.kind === "reply" && s.parent === request.header.msg_id)!;
  }
  publishedFor(request: JupyterMessage): Sent[] {
    return this.sent.filter((s) => s.kind === "publish" && s.parent === request.header.msg_id);
  }
}

let executor: CellExecutor;
beforeAll(() => {
  executor = CellExecutor.create();
}, 30_000);

const req = (msgType: string, content: Record<string, unknown> = {}) =>
  createMessage(msgType, content, { session: "t" });
const exec = (code: string, extra: Record<string, unknown> = {}) =>
  req("execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    stop_on_error: true,
    ...extra,
  });

async function run(handler: KernelHandler, msg: JupyterMessage, channel: "shell" | "control" = "shell") {
  const io = new RecordingIo();
  await handler.handle(channel, msg, io);
  return { io, reply: io.replyTo(msg), published: io.publishedFor(msg) };
}

describe("KernelHandler", () => {
  it("wraps every request in busy … idle on iopub, with the request as parent", async () => {
    const handler = new KernelHandler({ executor });
    for (const type of ["kernel_info_request", "comm_info_request", "is_complete_request"]) {
      const { published } = await run(handler, req(type, { code: "1" }));
      expect(published[0]).toMatchObject({ msgType: "status", content: { execution_state: "busy" } });
      expect(published.at(-1)).toMatchObject({ msgType: "status", content: { execution_state: "idle" } });
    }
  });

  it("kernel_info: protocol 5.3, implementation dstream-lab, TypeScript language_info", async () => {
    const { reply } = await run(new KernelHandler({ executor }), req("kernel_info_request"));
    expect(reply.msgType).toBe("kernel_info_reply");
    expect(reply.content).toMatchObject({
      status: "ok",
      protocol_version: "5.3",
      implementation: "dstream-lab",
      language_info: {
        name: "typescript",
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: "typescript",
      },
    });
    expect(reply.content.banner).toContain("dstream-lab");
    expect(reply.content.help_links.length).toBeGreaterThan(0);
  });

  it("execute: execute_input, stdout, execute_result, and an ok reply with the execution count", async () => {
    const handler = new KernelHandler({ executor });
    const msg = exec('console.log("hi"); 6 * 7');
    const { reply, published } = await run(handler, msg);
    expect(published.map((p) => p.msgType)).toEqual([
      "status",
      "execute_input",
      "stream",
      "execute_result",
      "status",
    ]);
    expect(published[1].content).toEqual({ code: 'console.log("hi"); 6 * 7', execution_count: 1 });
    expect(published[3].content).toMatchObject({ execution_count: 1, data: { "text/plain": "42" } });
    expect(reply.content).toEqual({ status: "ok", execution_count: 1, payload: [], user_expressions: {} });
  });

  it("a cell ending in display(x) shows x once, with no DisplayHandle result after it", async () => {
    const handler = new KernelHandler({ executor });
    const { published } = await run(handler, exec('display({ "text/plain": "shown" })'));
    const outputs = published.filter((m) => m.msgType !== "status" && m.msgType !== "execute_input");
    expect(outputs).toEqual([expect.objectContaining({ msgType: "display_data" })]);
  });

  it("silent: no execute_input, no result, no count", async () => {
    const handler = new KernelHandler({ executor });
    const { reply, published } = await run(handler, exec("1 + 1", { silent: true }));
    expect(published.map((p) => p.msgType)).toEqual(["status", "status"]);
    expect(reply.content.execution_count).toBe(0);
  });

  it("an error goes to iopub and the reply alike; the queued execute requests are aborted until the queue drains", async () => {
    const handler = new KernelHandler({ executor });
    const failing = await run(handler, exec('throw new TypeError("nope")'));
    expect(failing.reply.content).toMatchObject({ status: "error", ename: "TypeError", evalue: "nope" });
    const error = failing.published.find((p) => p.msgType === "error")!;
    expect(error.content).toMatchObject({ ename: "TypeError", evalue: "nope" });
    expect(error.content.traceback[0]).toBe("TypeError: nope");
    expect(handler.isAborting).toBe(true);
    const queued = await run(handler, exec('console.log("queued")'));
    expect(queued.reply.content.status).toBe("aborted");
    expect(queued.published.map((p) => p.msgType)).toEqual(["status", "status"]);
    handler.queueDrained();
    const next = await run(handler, exec("1"));
    expect(next.reply.content.status).toBe("ok");
  });

  it("stop_on_error false keeps running the queue", async () => {
    const handler = new KernelHandler({ executor });
    await run(handler, exec('throw new Error("x")', { stop_on_error: false }));
    expect(handler.isAborting).toBe(false);
  });

  it("user_expressions are evaluated after an ok cell", async () => {
    const handler = new KernelHandler({ executor });
    const { reply } = await run(
      handler,
      exec("const ue = 20;", { user_expressions: { twice: "ue * 2", bad: "nope(" } }),
    );
    expect(reply.content.user_expressions.twice).toEqual({
      status: "ok",
      data: { "text/plain": "40" },
      metadata: {},
    });
    expect(reply.content.user_expressions.bad.status).toBe("error");
  });

  it("`name?` pages the name's documentation instead of running", async () => {
    const { reply, published } = await run(new KernelHandler({ executor }), exec("sc?"));
    expect(reply.content.status).toBe("ok");
    expect(reply.content.payload).toHaveLength(1);
    expect(reply.content.payload[0]).toMatchObject({ source: "page", start: 0 });
    expect(reply.content.payload[0].data["text/plain"]).toContain("BatchContext");
    expect(published.some((p) => p.msgType === "error")).toBe(false);
  });

  it("history: tail, range and search (glob, unique, n), with and without output", async () => {
    const handler = new KernelHandler({ executor });
    for (const code of ["1 + 2", "'x'", "1 + 2", "3 + 4"]) await run(handler, exec(code));
    const tail = await run(
      handler,
      req("history_request", { output: false, raw: true, hist_access_type: "tail", n: 2 }),
    );
    expect(tail.reply.content.history).toEqual([
      [1, 3, "1 + 2"],
      [1, 4, "3 + 4"],
    ]);
    const withOut = await run(
      handler,
      req("history_request", { output: true, raw: true, hist_access_type: "tail", n: 1 }),
    );
    expect(withOut.reply.content.history).toEqual([[1, 4, ["3 + 4", "7"]]]);
    const range = await run(
      handler,
      req("history_request", {
        output: false,
        raw: true,
        hist_access_type: "range",
        session: 1,
        start: 2,
        stop: 4,
      }),
    );
    expect(range.reply.content.history.map((h: unknown[]) => h[1])).toEqual([2, 3]);
    const search = (extra: Record<string, unknown>) =>
      run(
        handler,
        req("history_request", {
          output: false,
          raw: true,
          hist_access_type: "search",
          pattern: "1 + *",
          ...extra,
        }),
      );
    expect((await search({})).reply.content.history).toHaveLength(2);
    expect((await search({ unique: true })).reply.content.history).toEqual([[1, 3, "1 + 2"]]);
    expect((await search({ n: 1 })).reply.content.history).toEqual([[1, 3, "1 + 2"]]);
  });

  it("complete, inspect and is_complete use the TypeScript compiler and the session's names", async () => {
    const handler = new KernelHandler({ executor });
    const complete = await run(handler, req("complete_request", { code: "sc.paralleliz", cursor_pos: 13 }));
    expect(complete.reply.content).toMatchObject({
      status: "ok",
      matches: ["parallelize"],
      cursor_start: 3,
      cursor_end: 13,
    });
    const inspect = await run(
      handler,
      req("inspect_request", { code: "Seconds", cursor_pos: 3, detail_level: 0 }),
    );
    expect(inspect.reply.content.found).toBe(true);
    expect(inspect.reply.content.data["text/plain"]).toContain("Seconds");
    const missing = await run(handler, req("inspect_request", { code: "   ", cursor_pos: 1 }));
    expect(missing.reply.content).toEqual({ status: "ok", found: false, data: {}, metadata: {} });
    const statuses = [];
    for (const code of ["const a = 1;", "if (a) {", "let = ;"]) {
      statuses.push((await run(handler, req("is_complete_request", { code }))).reply.content.status);
    }
    expect(statuses).toEqual(["complete", "incomplete", "invalid"]);
  });

  it("comms, with no registry given: no targets, so comm_open is answered with comm_close; comm_info lists none", async () => {
    const logged: string[] = [];
    const handler = new KernelHandler({ executor, log: (l) => logged.push(l) });
    const open = await run(
      handler,
      req("comm_open", { comm_id: "c1", target_name: "jupyter.widget", data: {} }),
    );
    expect(open.published.find((p) => p.msgType === "comm_close")?.content).toEqual({
      comm_id: "c1",
      data: {},
    });
    const info = await run(handler, req("comm_info_request", {}));
    expect(info.reply.content).toEqual({ status: "ok", comms: {} });
    await run(handler, req("comm_msg", { comm_id: "c1", data: {} }));
    expect(logged.join("\n")).toMatch(
      /UnknownCommTargetError: comm_open for target "jupyter.widget"[\s\S]*UnknownCommError: comm_msg for comm "c1"/,
    );
  });

  it("shutdown echoes the restart flag, on control and on shell, then calls onShutdown", async () => {
    const calls: boolean[] = [];
    const handler = new KernelHandler({ executor, onShutdown: (r) => calls.push(r) });
    const onControl = await run(handler, req("shutdown_request", { restart: true }), "control");
    expect(onControl.reply).toMatchObject({
      msgType: "shutdown_reply",
      content: { status: "ok", restart: true },
    });
    const onShell = await run(handler, req("shutdown_request", { restart: false }));
    expect(onShell.reply.content.restart).toBe(false);
    expect(calls).toEqual([true, false]);
  });

  it("interrupt_request interrupts a cell awaiting on shell, which fails with KeyboardInterrupt", async () => {
    const handler = new KernelHandler({ executor });
    const cellIo = new RecordingIo();
    const msg = exec("(globalThis as any).cellAwaits = true; await new Promise(() => {})");
    const done = handler.handle("shell", msg, cellIo);
    // Cells run in this process's global scope.
    await until(() => (globalThis as any).cellAwaits === true, "the cell to reach its await");
    const interrupt = await run(handler, req("interrupt_request"), "control");
    expect(interrupt.reply).toMatchObject({ msgType: "interrupt_reply", content: { status: "ok" } });
    await done;
    expect(cellIo.replyTo(msg).content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
  });

  it("sends display updates under the cell running now (headless clients keep only its messages), else under the display's own cell", async () => {
    const handler = new KernelHandler({ executor });
    const a = exec(
      'const live = display({ "text/plain": "v0" }, { displayId: "live-1" });\n' +
        'setTimeout(() => live.update({ "text/plain": "while idle" }), 20);',
    );
    const { io } = await run(handler, a);
    const updates = () => io.sent.filter((s) => s.msgType === "update_display_data");
    await until(() => updates().length > 0, "the timer's display update");
    expect(updates()[0]).toMatchObject({
      parent: a.header.msg_id,
      content: { data: { "text/plain": "while idle" } },
    });

    const b = exec('live.update({ "text/plain": "while b runs" }); console.log("b");');
    const ran = await run(handler, b);
    expect(updates()[1]).toMatchObject({
      parent: b.header.msg_id,
      content: { data: { "text/plain": "while b runs" }, transient: { display_id: "live-1" } },
    });
    // Everything else the first cell owns stays its own: b's stdout is b's.
    expect(ran.published.some((m) => m.msgType === "stream" && m.content.text === "b\n")).toBe(true);
  });

  it("answers kernel_info while the executor is still loading", async () => {
    let resolve!: (e: CellExecutor) => void;
    const handler = new KernelHandler({ executor: new Promise<CellExecutor>((r) => (resolve = r)) });
    const { reply } = await run(handler, req("kernel_info_request"));
    expect(reply.content.status).toBe("ok");
    const pending = run(handler, exec("2 + 2"));
    resolve(executor);
    expect((await pending).reply.content.status).toBe("ok");
  });

  it("logs an unknown message type and stays idle", async () => {
    const logged: string[] = [];
    const { reply, published } = await run(
      new KernelHandler({ executor, log: (l) => logged.push(l) }),
      req("frobnicate_request"),
    );
    expect(reply).toBeUndefined();
    expect(published.map((p) => p.content.execution_state)).toEqual(["busy", "idle"]);
    expect(logged[0]).toContain('unknown message type "frobnicate_request"');
  });
});
