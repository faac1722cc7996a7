import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StreamingContext } from "../../../engine";
import { type Comm, CommManager, kernelComms } from "../../../kernel/comm";
import { CellExecutor } from "../../../kernel/executor";
import {
  type KernelExecutor,
  KernelHandler,
  type KernelIo,
  type PublishOptions,
} from "../../../kernel/handler";
import type { CellOutput } from "../../../kernel/output";
import { createMessage, type JupyterMessage } from "../../../kernel/wire";
import { until } from "../../helpers/until";

// The comm protocol through the pure handler, with a recording KernelIo and no sockets.

interface Sent {
  kind: "publish" | "reply";
  parent: string;
  msgType: string;
  content: Record<string, any>;
  metadata?: Record<string, unknown>;
}

/** A KernelIo that records every message, with the metadata of comm messages. */
class RecordingIo implements KernelIo {
  readonly sent: Sent[] = [];
  publish(
    parent: JupyterMessage,
    msgType: string,
    content: Record<string, unknown>,
    o?: PublishOptions,
  ): void {
    this.sent.push({
      kind: "publish",
      parent: parent.header.msg_id,
      msgType,
      content,
      ...(o?.metadata ? { metadata: o.metadata } : {}),
    });
  }
  reply(request: JupyterMessage, msgType: string, content: Record<string, unknown>): void {
    this.sent.push({ kind: "reply", parent: request.header.msg_id, msgType, content });
  }
  /** What was sent besides status messages. */
  get messages(): Sent[] {
    return this.sent.filter((s) => s.msgType !== "status");
  }
}

const req = (
  msgType: string,
  content: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) => createMessage(msgType, content, { session: "t", metadata });

const exec = (code: string) =>
  req("execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    stop_on_error: true,
  });

/**
 * An executor whose "cells" are JS functions given the cell's output, so the handler's comm
 * routing is tested without the compiler.
 */
function stubExecutor(cells: Record<string, (output: CellOutput) => unknown>): KernelExecutor {
  return {
    async execute(code, output) {
      await cells[code]!(output);
      return { status: "ok", hasResult: false };
    },
    complete: () => ({ matches: [], cursorStart: 0, cursorEnd: 0 }),
    inspect: () => ({ found: false, text: "" }),
    isComplete: () => ({ status: "complete" }),
    interrupt: async () => {},
    toMimeBundle: () => ({}),
  };
}

function setup(cells: Record<string, (output: CellOutput) => unknown> = {}) {
  const comms = new CommManager();
  const logged: string[] = [];
  const io = new RecordingIo();
  const handler = new KernelHandler({ executor: stubExecutor(cells), comms, log: (l) => logged.push(l) });
  const handle = async (msg: JupyterMessage) => {
    const before = io.sent.length;
    await handler.handle("shell", msg, io);
    return io.sent.slice(before);
  };
  return { comms, logged, io, handler, handle };
}

describe("comm messages from the front end", () => {
  it("comm_info lists the open comms, all or those of the asked target", async () => {
    const { comms, handle } = setup();
    comms.registerTarget("a", () => {});
    comms.registerTarget("b", () => {});
    await handle(req("comm_open", { comm_id: "1", target_name: "a", data: {} }));
    await handle(req("comm_open", { comm_id: "2", target_name: "b", data: {} }));
    const all = await handle(req("comm_info_request", {}));
    const onlyB = await handle(req("comm_info_request", { target_name: "b" }));
    expect(all.find((s) => s.kind === "reply")!.content).toEqual({
      status: "ok",
      comms: { "1": { target_name: "a" }, "2": { target_name: "b" } },
    });
    expect(onlyB.find((s) => s.kind === "reply")!.content.comms).toEqual({ "2": { target_name: "b" } });
  });

  it("open → the target's handler; msg → onMsg, answered under the comm_msg; close → onClose; all inside busy … idle", async () => {
    const { comms, handle } = setup();
    const events: string[] = [];
    comms.registerTarget("echo", (comm, open) => {
      events.push(`open ${JSON.stringify(open.data)} ${JSON.stringify(open.metadata)}`);
      comm.send({ hello: true });
      comm.onMsg = (m) => comm.send({ echo: m.data });
      comm.onClose = () => events.push("closed");
    });
    const open = req(
      "comm_open",
      { comm_id: "e1", target_name: "echo", data: { x: 1 } },
      { version: "1.0.0" },
    );
    const opened = await handle(open);
    const msg = req("comm_msg", { comm_id: "e1", data: { y: 2 } });
    const answered = await handle(msg);
    const closed = await handle(req("comm_close", { comm_id: "e1", data: {} }));
    expect(events).toEqual(['open {"x":1} {"version":"1.0.0"}', "closed"]);
    expect(opened.map((s) => [s.msgType, s.parent])).toEqual([
      ["status", open.header.msg_id],
      ["comm_msg", open.header.msg_id],
      ["status", open.header.msg_id],
    ]);
    expect(answered.map((s) => [s.msgType, s.parent, s.content.data?.echo])).toEqual([
      ["status", msg.header.msg_id, undefined],
      ["comm_msg", msg.header.msg_id, { y: 2 }],
      ["status", msg.header.msg_id, undefined],
    ]);
    expect(closed.map((s) => s.msgType)).toEqual(["status", "status"]);
    expect(comms.info()).toEqual({});
  });

  it("an unknown target is answered with comm_close (the spec's rule) and logged by name", async () => {
    const { handle, logged } = setup();
    const open = req("comm_open", { comm_id: "x1", target_name: "jupyter.widget", data: {} });
    const sent = await handle(open);
    expect(sent.filter((s) => s.msgType === "comm_close")).toEqual([
      {
        kind: "publish",
        parent: open.header.msg_id,
        msgType: "comm_close",
        content: { comm_id: "x1", data: {} },
      },
    ]);
    expect(logged).toEqual([
      expect.stringMatching(
        /^\[dstream-lab kernel\] UnknownCommTargetError: comm_open for target "jupyter.widget"/,
      ),
    ]);
  });

  it("unknown comms, malformed payloads and throwing handlers are logged; the kernel answers the next request", async () => {
    const { comms, handle, logged } = setup();
    comms.registerTarget("fragile", () => {
      throw new Error("handler bug");
    });
    const bad = [
      req("comm_msg", { comm_id: "nobody", data: {} }),
      req("comm_close", { comm_id: "nobody", data: {} }),
      req("comm_msg", { data: { method: "update" } }),
      req("comm_msg", { comm_id: 42, data: {} }),
      req("comm_open", { comm_id: "f1", target_name: "fragile", data: {} }),
    ];
    const sent: Sent[][] = [];
    for (const msg of bad) sent.push(await handle(msg));
    expect(sent.map((s) => s.filter((m) => m.msgType !== "status").map((m) => m.msgType))).toEqual([
      [],
      [],
      [],
      [],
      ["comm_close"],
    ]);
    expect(sent.every((s) => s.at(-1)!.content.execution_state === "idle")).toBe(true);
    expect(logged.map((l) => l.replace(/^\[dstream-lab kernel\] (\w+):.*$/s, "$1"))).toEqual([
      "UnknownCommError",
      "UnknownCommError",
      "MalformedCommMessageError",
      "MalformedCommMessageError",
      "CommHandlerError",
    ]);
    const info = await handle(req("kernel_info_request"));
    expect(info.find((s) => s.kind === "reply")!.content.status).toBe("ok");
  });
});

describe("comms the kernel opens from a cell", () => {
  it("go out with the shell request being handled as parent, else the opening cell's; also after the cell was interrupted", async () => {
    let comm!: Comm;
    let cellA!: CellOutput & { close?(): void };
    const { comms, handle, io } = setup({
      A: (output) => {
        cellA = output;
        comm = comms.open("kernel.made", { n: 0 }, (t, c, o) => output.commMessage!(t, c, o), {
          metadata: { version: "2.1.0" },
        });
        comm.onMsg = (m) => comm.send({ answer: m.data });
      },
      B: () => comm.send({ during: "B" }),
    });
    const a = exec("A");
    await handle(a);
    comm.send({ while: "idle" });
    const b = exec("B");
    await handle(b);
    const fromFrontEnd = req("comm_msg", { comm_id: comm.commId, data: { q: 1 } });
    await handle(fromFrontEnd);
    cellA.close!(); // what an interrupt does to the cell's output
    comm.send({ after: "interrupt" });
    const comm_ = io.messages.filter((s) => s.msgType.startsWith("comm_"));
    expect(comm_.map((s) => [s.msgType, s.parent, s.content.data])).toEqual([
      ["comm_open", a.header.msg_id, { n: 0 }],
      ["comm_msg", a.header.msg_id, { while: "idle" }],
      ["comm_msg", b.header.msg_id, { during: "B" }],
      ["comm_msg", fromFrontEnd.header.msg_id, { answer: { q: 1 } }],
      ["comm_msg", a.header.msg_id, { after: "interrupt" }],
    ]);
    expect(comm_[0]!.metadata).toEqual({ version: "2.1.0" });
    expect(comm_[0]!.content.target_name).toBe("kernel.made");
  });
});

describe("widgets through the handler, with the real executor and the kernel's comms", () => {
  let executor: CellExecutor;
  const logged: string[] = [];
  let handler: KernelHandler;
  const io = new RecordingIo();
  const handle = async (msg: JupyterMessage) => {
    const before = io.sent.length;
    await handler.handle("shell", msg, io);
    return io.sent.slice(before).filter((s) => s.msgType !== "status");
  };

  beforeAll(() => {
    executor = CellExecutor.create();
    handler = new KernelHandler({ executor, comms: kernelComms, log: (l) => logged.push(l) });
  }, 30_000);

  afterAll(async () => {
    await StreamingContext.getActive()?.stop();
  });

  it("a cell's slider: comm_opens and its view under the cell; an update is echoed under the comm_msg; onChange prints in the cell", async () => {
    const cell = exec(
      'const decay = slider({ min: 0, max: 1, step: 0.1, value: 0.9, description: "decay", onChange: (v) => console.log("decay now", v) });',
    );
    const shown = await handle(cell);
    expect(shown.map((s) => s.msgType)).toEqual([
      "execute_input",
      "comm_open",
      "comm_open",
      "comm_open",
      "display_data",
      "execute_reply",
    ]);
    expect(shown.filter((s) => s.kind === "publish").every((s) => s.parent === cell.header.msg_id)).toBe(
      true,
    );
    const model = shown[3]!;
    expect(model.metadata).toEqual({ version: "2.1.0" });
    expect(model.content).toMatchObject({
      target_name: "jupyter.widget",
      data: {
        state: { _model_name: "FloatSliderModel", value: 0.9, description: "decay" },
        buffer_paths: [],
      },
    });
    expect(shown[4]!.content.data).toEqual({
      "text/plain": "FloatSlider(value=0.9, min=0, max=1, step=0.1, description='decay')",
      "application/vnd.jupyter.widget-view+json": {
        version_major: 2,
        version_minor: 0,
        model_id: model.content.comm_id,
      },
    });

    const update = req("comm_msg", {
      comm_id: model.content.comm_id,
      data: { method: "update", state: { value: 0.5 }, buffer_paths: [] },
    });
    const answered = await handle(update);
    expect(answered.map((s) => [s.msgType, s.parent])).toEqual([
      ["comm_msg", update.header.msg_id],
      ["stream", cell.header.msg_id],
    ]);
    expect(answered[0]!.content.data).toEqual({
      method: "echo_update",
      state: { value: 0.5 },
      buffer_paths: [],
    });
    expect(answered[1]!.content).toEqual({ name: "stdout", text: "decay now 0.5\n" });

    const later = exec("decay.value = 0.2; decay.value");
    const fromCode = await handle(later);
    expect(fromCode.find((s) => s.msgType === "comm_msg")).toMatchObject({
      parent: later.header.msg_id,
      content: { comm_id: model.content.comm_id, data: { method: "update", state: { value: 0.2 } } },
    });
    // onChange is the defining cell's: its print goes there, not to the later cell.
    expect(
      io.sent
        .filter((s) => s.msgType === "stream" && s.parent === cell.header.msg_id)
        .map((s) => s.content.text),
    ).toEqual(["decay now 0.5\n", "decay now 0.2\n"]);

    const info = await handle(req("comm_info_request", { target_name: "jupyter.widget" }));
    expect(Object.keys(info[0]!.content.comms)).toContain(model.content.comm_id);
  });

  it("a cell ending in a control shows it once: its view, and no execute_result", async () => {
    const shown = await handle(exec('label("just once")'));
    expect(shown.map((s) => s.msgType)).toEqual([
      "execute_input",
      "comm_open",
      "comm_open",
      "comm_open",
      "display_data",
      "execute_reply",
    ]);
  });

  it("a throwing onChange shows ControlCallbackError in the defining cell, with its line; the kernel goes on", async () => {
    const cell = exec(
      'const strict = slider({ min: 0, max: 10, value: 1, description: "strict",\n  onChange: (v) => { if (v > 5) throw new RangeError("too big: " + v); } });',
    );
    const shown = await handle(cell);
    const count = (shown.find((s) => s.msgType === "execute_reply")!.content as { execution_count: number })
      .execution_count;
    const id = shown.filter((s) => s.msgType === "comm_open").at(-1)!.content.comm_id;
    const answered = await handle(
      req("comm_msg", { comm_id: id, data: { method: "update", state: { value: 7 } } }),
    );
    const error = answered.find((s) => s.msgType === "error")!;
    expect(error.parent).toBe(cell.header.msg_id);
    expect(error.content.ename).toBe("ControlCallbackError");
    expect(error.content.evalue).toMatch(/^IntSlider "strict": onChange threw RangeError: too big: 7/);
    expect(error.content.traceback.slice(1, 3)).toEqual([
      "RangeError: too big: 7",
      `    at onChange (Cell In[${count}], line 2:39)`,
    ]);
    const next = await handle(exec("strict.value"));
    expect(next.find((s) => s.msgType === "execute_result")!.content.data["text/plain"]).toBe("7");
  });

  it("after an interrupt stopped every cell's work, controls still sync, and their callbacks still print in their cell and start timers", async () => {
    const cell = exec(
      'const after = toggle({ description: "after",\n  onChange: (v) => { console.log("toggled", v); setTimeout(() => console.log("a timer too"), 1); } });',
    );
    const shown = await handle(cell);
    const id = shown.filter((s) => s.msgType === "comm_open").at(-1)!.content.comm_id;
    await handler.interrupt(); // idle: stops what every cell left running and closes their outputs
    const moved = req("comm_msg", { comm_id: id, data: { method: "update", state: { value: true } } });
    const answered = await handle(moved);
    expect(answered.map((s) => [s.msgType, s.parent, s.content.text ?? s.content.data?.method])).toEqual([
      ["comm_msg", moved.header.msg_id, "echo_update"],
      ["stream", cell.header.msg_id, "toggled true\n"],
    ]);
    // A timer the callback starts runs too: the stopped cell's work no longer holds it back.
    await until(() => io.sent.some((s) => s.content.text === "a timer too\n"), "the callback's timer");
    expect(io.sent.find((s) => s.content.text === "a timer too\n")!.parent).toBe(cell.header.msg_id);
  });

  it("JupyterLab's restore: the control comm answers request_states with every widget, then closes", async () => {
    const open = req(
      "comm_open",
      { comm_id: "restore-1", target_name: "jupyter.widget.control", data: {} },
      { version: "1.0.0" },
    );
    expect(await handle(open)).toEqual([]);
    const ask = req("comm_msg", { comm_id: "restore-1", data: { method: "request_states" } });
    const [answer] = await handle(ask);
    expect(answer).toMatchObject({ msgType: "comm_msg", parent: ask.header.msg_id });
    const states = answer!.content.data.states as Record<
      string,
      { model_name: string; state: Record<string, unknown> }
    >;
    expect(answer!.content.data.method).toBe("update_states");
    const decay = Object.values(states).find((s) => s.state.description === "decay")!;
    expect(decay).toMatchObject({
      model_name: "FloatSliderModel",
      model_module: "@jupyter-widgets/controls",
      state: { value: 0.2 },
    });
    await handle(req("comm_close", { comm_id: "restore-1", data: {} }));
    const info = await handle(req("comm_info_request", { target_name: "jupyter.widget.control" }));
    expect(info[0]!.content.comms).toEqual({});
    expect(logged).toEqual([]);
  });
});
