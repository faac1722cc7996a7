import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessage, encodeMessage, type JupyterMessage, MessageSigner } from "../../../kernel/wire";
import { KernelClient } from "../../helpers/KernelClient";

// Live controls end to end: the real kernel process over real ZeroMQ sockets, with KernelClient
// playing the front end's widget manager (comm_msg on shell, comm messages read from iopub).
// Streams run on the real clock (100 ms batches); tests wait for messages, never for fixed times.

let kernel: KernelClient;

beforeAll(async () => {
  kernel = await KernelClient.start();
}, 60_000);

afterAll(async () => {
  await kernel?.shutdown();
});

const VIEW = "application/vnd.jupyter.widget-view+json";

/** A front-end message with metadata (KernelClient.send has none), sent on shell; returns its msg_id. */
function sendWithMetadata(
  msgType: string,
  content: Record<string, unknown>,
  metadata: Record<string, unknown>,
): string {
  const msg = createMessage(msgType, content, { session: kernel.session, username: "test", metadata });
  void kernel.sendFrames(
    "shell",
    encodeMessage(msg, new MessageSigner(kernel.info.signature_scheme, kernel.info.key)),
  );
  return msg.header.msg_id;
}

/** The user moves a control: the update @jupyter-widgets/base sends. */
function update(commId: string, state: Record<string, unknown>): string {
  return kernel.send("shell", "comm_msg", {
    comm_id: commId,
    data: { method: "update", state, buffer_paths: [] },
  });
}

const commMsgs = (parentId: string) =>
  kernel.outputsOf(parentId).filter((m) => m.header.msg_type === "comm_msg");
const errorsOf = (parentId: string) =>
  kernel.outputsOf(parentId).filter((m) => m.header.msg_type === "error");
const indexOf = (m: JupyterMessage) => kernel.iopubMessages.indexOf(m);

describe("a slider bound to a running stream", () => {
  let cell: string;
  let sliderId: string;

  it("making it publishes comm_open for layout, style and model, then the view with a text line", async () => {
    const { msgId, reply, outputs } = await kernel.execute(`
      const params = streamingContext(Milliseconds(100));
      let threshold = 5;
      const thresholdSlider = slider({ min: 0, max: 10, value: threshold, description: "threshold",
        onChange: (v) => { threshold = v; } });
      params.generatorStream(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).filter((x) => x > threshold).count()
        .foreachRDD((rdd) => console.log("above threshold: " + rdd.first()));
      params.start();`);
    cell = msgId;
    expect(reply.content.status).toBe("ok");
    const opens = outputs.filter((m) => m.header.msg_type === "comm_open");
    expect(
      opens.map((m) => [m.content.target_name, m.metadata.version, m.content.data.state._model_name]),
    ).toEqual([
      ["jupyter.widget", "2.1.0", "LayoutModel"],
      ["jupyter.widget", "2.1.0", "SliderStyleModel"],
      ["jupyter.widget", "2.1.0", "IntSliderModel"],
    ]);
    sliderId = opens[2]!.content.comm_id;
    const view = outputs.find((m) => m.header.msg_type === "display_data")!;
    expect(view.content.data).toEqual({
      "text/plain": "IntSlider(value=5, min=0, max=10, step=1, description='threshold')",
      [VIEW]: { version_major: 2, version_minor: 0, model_id: sliderId },
    });
    expect(indexOf(view)).toBeGreaterThan(indexOf(opens[2]!));
    await kernel.waitFor(() => kernel.stdoutOf(cell).includes("above threshold: 5"));
  });

  it("moving it in the front end is echoed under its comm_msg, and the stream follows at its next batch", async () => {
    const id = update(sliderId, { value: 8 });
    await kernel.idle(id);
    expect(commMsgs(id).map((m) => m.content)).toEqual([
      { comm_id: sliderId, data: { method: "echo_update", state: { value: 8 }, buffer_paths: [] } },
    ]);
    await kernel.waitFor(() => kernel.stdoutOf(cell).includes("above threshold: 2"));
  });

  it("setting it from a later cell sends an update to the front end, and the stream follows", async () => {
    const { msgId } = await kernel.execute("thresholdSlider.value = 2;");
    expect(commMsgs(msgId).map((m) => m.content)).toEqual([
      { comm_id: sliderId, data: { method: "update", state: { value: 2 }, buffer_paths: [] } },
    ]);
    await kernel.waitFor(() => kernel.stdoutOf(cell).includes("above threshold: 8"));
  });

  it("a malformed update (a string for an IntSlider) is an error in the defining cell; the value is sent back", async () => {
    const id = update(sliderId, { value: "9" });
    await kernel.idle(id);
    expect(commMsgs(id).map((m) => m.content.data)).toEqual([
      { method: "update", state: { value: 2 }, buffer_paths: [] },
    ]);
    const noMethod = kernel.send("shell", "comm_msg", { comm_id: sliderId, data: { state: { value: 3 } } });
    await kernel.idle(noMethod);
    const errors = await kernel.waitFor(() => errorsOf(cell).length >= 2 && errorsOf(cell));
    expect(
      errors.map((e) => [e.content.ename, e.content.evalue.match(/got (an update|no method)/)?.[1]]),
    ).toEqual([
      ["WidgetMessageError", "an update"],
      ["WidgetMessageError", "no method"],
    ]);
    expect(errors[0]!.content.evalue).toMatch(
      /value must be an integer; got "9"\. The kernel kept value = 2/,
    );
    const { outputs } = await kernel.execute("thresholdSlider.value");
    expect(outputs[0]!.content.data["text/plain"]).toBe("2");
  });

  it("a callback that throws shows in its cell; the kernel answers and the stream goes on", async () => {
    const strict = await kernel.execute(`
      const strict = slider({ min: 0, max: 10, value: 1, description: "strict",
        onChange: (v) => { if (v > 5) throw new RangeError("too big: " + v); } });`);
    const strictId = strict.outputs.filter((m) => m.header.msg_type === "comm_open")[2]!.content.comm_id;
    const printed = kernel.stdoutOf(cell).length;
    await kernel.idle(update(strictId, { value: 7 }));
    const [error] = await kernel.waitFor(() => errorsOf(strict.msgId).length > 0 && errorsOf(strict.msgId));
    expect(error!.content.ename).toBe("ControlCallbackError");
    expect(error!.content.evalue).toMatch(/^IntSlider "strict": onChange threw RangeError: too big: 7/);
    expect(error!.content.traceback[2]).toMatch(/^ {4}at onChange \(Cell In\[\d+\], line 3:\d+\)$/);
    const { outputs } = await kernel.execute("strict.value + 1");
    expect(outputs[0]!.content.data["text/plain"]).toBe("8");
    await kernel.waitFor(() => kernel.stdoutOf(cell).length > printed);
  });

  it("a comm_msg for a model the kernel does not have is logged; the kernel answers", async () => {
    await kernel.idle(update("no-such-model", { value: 1 }));
    await kernel.waitFor(() =>
      kernel.stderr.join("").includes('UnknownCommError: comm_msg for comm "no-such-model"'),
    );
    const { outputs } = await kernel.execute("'still up'");
    expect(outputs[0]!.content.data["text/plain"]).toContain("still up");
  });

  it("comm_info lists the widget comms; the control comm restores every widget's state (request_states)", async () => {
    const info = await kernel.request("shell", "comm_info_request", { target_name: "jupyter.widget" });
    expect(info.content.comms[sliderId]).toEqual({ target_name: "jupyter.widget" });
    const open = sendWithMetadata(
      "comm_open",
      { comm_id: "restore", target_name: "jupyter.widget.control", data: {} },
      { version: "1.0.0" },
    );
    await kernel.idle(open);
    const ask = kernel.send("shell", "comm_msg", { comm_id: "restore", data: { method: "request_states" } });
    await kernel.idle(ask);
    const [answer] = commMsgs(ask);
    expect(answer!.content.data.method).toBe("update_states");
    expect(answer!.content.data.states[sliderId]).toMatchObject({
      model_name: "IntSliderModel",
      model_module: "@jupyter-widgets/controls",
      model_module_version: "2.0.0",
      state: { value: 2, description: "threshold" },
    });
  });

  it("a comm_msg sent while a cell runs waits in the shell queue until the cell is done (as in ipykernel)", async () => {
    const busy = kernel.startExecute("await new Promise((r) => setTimeout(r, 200)); 'done'");
    await kernel.waitFor(() =>
      kernel.iopubMessages.some(
        (m) => m.parent_header.msg_id === busy && m.header.msg_type === "execute_input",
      ),
    );
    const moved = update(sliderId, { value: 4 });
    const cellIdle = await kernel.idle(busy);
    await kernel.idle(moved);
    const [echo] = commMsgs(moved);
    expect(indexOf(echo!)).toBeGreaterThan(indexOf(cellIdle));
    await kernel.execute("await params.stop()");
  });
});
