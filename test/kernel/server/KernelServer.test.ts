import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessage, encodeMessage, MessageSigner } from "../../../kernel/wire";
import { KernelClient } from "../../helpers/KernelClient";

// The real kernel process over real ZeroMQ sockets, one process for the whole file. Streams run
// on the real clock here (batches every 100 ms); tests wait for messages, never for fixed times.

let kernel: KernelClient;

beforeAll(async () => {
  kernel = await KernelClient.start();
}, 60_000);

afterAll(async () => {
  await kernel?.shutdown();
});

const types = (msgs: { header: { msg_type: string } }[]) => msgs.map((m) => m.header.msg_type);

describe("execute over real sockets", () => {
  it("answers kernel_info with the language and protocol", async () => {
    const reply = await kernel.request("shell", "kernel_info_request", {});
    expect(reply.content).toMatchObject({
      status: "ok",
      protocol_version: "5.3",
      implementation: "dstream-lab",
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    });
  });

  it("publishes the last expression as execute_result and console.log as stdout, with the request as parent", async () => {
    const { reply, outputs, msgId } = await kernel.execute('console.log("hello, world"); 1 + 1');
    expect(reply.content).toMatchObject({ status: "ok", execution_count: expect.any(Number) });
    expect(types(outputs)).toEqual(["stream", "execute_result"]);
    expect(outputs[0].content).toEqual({ name: "stdout", text: "hello, world\n" });
    expect(outputs[1].content.data).toEqual({ "text/plain": "2" });
    const all = kernel.iopubMessages.filter((m) => m.parent_header.msg_id === msgId);
    expect(types(all)[0]).toBe("status");
    expect(all[0].content.execution_state).toBe("busy");
    expect(all.at(-1)!.content.execution_state).toBe("idle");
  });

  it("keeps declarations from cell to cell and preloads the session (sc, Seconds, …)", async () => {
    await kernel.execute("const words: string[] = ['a', 'b', 'a'];");
    const { outputs } = await kernel.execute(
      "sc.parallelize(words).map((w) => [w, 1] as [string, number]).reduceByKey((a, b) => a + b).collectAsMap().get('a')",
    );
    expect(outputs[0].content.data["text/plain"]).toBe("2");
  });

  it("reports a type error before running, with line:col, on iopub and in the reply", async () => {
    const { reply, outputs } = await kernel.execute('console.log("ran"); const n: number = "one";');
    expect(reply.content).toMatchObject({ status: "error", ename: "TypeScriptError" });
    expect(reply.content.evalue).toMatch(/^1:27 - Type 'string' is not assignable to type 'number'/);
    expect(types(outputs)).toEqual(["error"]);
    expect(outputs[0].content.ename).toBe("TypeScriptError");
  });

  it("reports a syntax error and a throwing cell", async () => {
    const syntax = await kernel.execute("let x = (;");
    expect(syntax.reply.content).toMatchObject({ status: "error", ename: "SyntaxError" });
    const thrown = await kernel.execute('throw new RangeError("out of range")');
    expect(thrown.reply.content).toMatchObject({
      status: "error",
      ename: "RangeError",
      evalue: "out of range",
    });
    expect(thrown.outputs[0].content.traceback[0]).toBe("RangeError: out of range");
    const rejected = await kernel.execute('await Promise.reject(new Error("async boom"))');
    expect(rejected.reply.content).toMatchObject({ status: "error", ename: "Error", evalue: "async boom" });
  });

  it("aborts the execute requests queued behind a failed one (stop_on_error)", async () => {
    const failing = kernel.startExecute(
      'await new Promise((r) => setTimeout(r, 50)); throw new Error("first")',
    );
    const queued = kernel.startExecute('console.log("must not run")');
    const first = await kernel.finished(failing);
    const second = await kernel.finished(queued);
    expect(first.reply.content.status).toBe("error");
    expect(second.reply.content.status).toBe("aborted");
    expect(second.outputs).toEqual([]);
    // Once the queue has drained, cells run again.
    const after = await kernel.execute("40 + 2");
    expect(after.outputs[0].content.data["text/plain"]).toBe("42");
  });

  it("answers the heartbeat", async () => {
    expect(await kernel.ping()).toBe(true);
  });
});

describe("bad messages", () => {
  it("drops malformed and wrongly signed messages on shell, logs them by name, and answers the next request", async () => {
    await kernel.sendFrames("shell", [Buffer.from("no delimiter here")]);
    const forged = createMessage(
      "execute_request",
      { code: 'console.log("forged")', silent: false },
      { session: "intruder" },
    );
    await kernel.sendFrames("shell", encodeMessage(forged, new MessageSigner("hmac-sha256", "not-the-key")));
    await kernel.waitFor(() => {
      const err = kernel.stderr.join("");
      return err.includes("MalformedMessageError") && err.includes("InvalidSignatureError");
    });
    const { outputs } = await kernel.execute("1 + 2");
    expect(outputs[0].content.data["text/plain"]).toBe("3");
    expect(kernel.iopubMessages.some((m) => m.parent_header.msg_id === forged.header.msg_id)).toBe(false);
  });
});

describe("output of work that outlives its cell", () => {
  it("delivers live display updates after the cell finished, to that cell", async () => {
    const { msgId, reply, outputs } = await kernel.execute(`
      let tick = 0;
      const ticker = display("tick 0", { displayId: "ticker" });
      const timer = setInterval(() => {
        tick++;
        ticker.update("tick " + tick);
        if (tick === 3) clearInterval(timer);
      }, 100);`);
    expect(reply.content.status).toBe("ok");
    expect(outputs[0].header.msg_type).toBe("display_data");
    expect(outputs[0].content.transient).toEqual({ display_id: "ticker" });
    const updates = await kernel.waitFor(() => {
      const u = kernel.outputsOf(msgId).filter((m) => m.header.msg_type === "update_display_data");
      return u.length === 3 && u;
    });
    const texts = updates.map((m) => String(m.content.data["text/plain"]).replace(/['"]/g, ""));
    expect(texts).toEqual(["tick 1", "tick 2", "tick 3"]);
    expect(updates.every((m) => m.content.transient.display_id === "ticker")).toBe(true);
    const idle = await kernel.idle(msgId);
    expect(kernel.iopubMessages.indexOf(updates[2])).toBeGreaterThan(kernel.iopubMessages.indexOf(idle));
  });

  it("routes a stream's print() to the cell that defined it while another cell runs", async () => {
    const a = await kernel.execute(`
      const tickerContext = streamingContext(Milliseconds(100));
      tickerContext.generatorStream((t) => ["from A at " + t.milliseconds]).print();
      tickerContext.start();`);
    await kernel.waitFor(() => kernel.stdoutOf(a.msgId).includes("from A"));
    const before = kernel.outputsOf(a.msgId).length;
    // B runs until two more of A's batches have completed.
    const b = await kernel.execute(`
      await new Promise((resolve) => {
        let batches = 0;
        tickerContext.addStreamingListener({ onBatchCompleted: () => ++batches === 2 && resolve(undefined) });
      });
      console.log("from B");
      "B done"`);
    const duringB = kernel.outputsOf(a.msgId).length;
    await kernel.execute("await tickerContext.stop()");
    expect(duringB).toBeGreaterThan(before);
    expect(kernel.stdoutOf(b.msgId)).toBe("from B\n");
    expect(b.outputs.every((m) => !JSON.stringify(m.content).includes("from A"))).toBe(true);
  });

  it("reports a stream function that throws every batch in the defining cell, once, and the kernel stays up", async () => {
    const { msgId } = await kernel.execute(`
      const failing = streamingContext(Milliseconds(100));
      failing.generatorStream(() => [1]).foreachRDD(() => { throw new Error("bad batch"); });
      failing.start();`);
    const summary = await kernel.waitFor(() =>
      kernel
        .outputsOf(msgId)
        .find((m) => m.header.msg_type === "stream" && /happened 10 times/.test(m.content.text)),
    );
    expect(summary.content.name).toBe("stderr");
    const errors = kernel.outputsOf(msgId).filter((m) => m.header.msg_type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0].content.ename).toBe("BatchFailedError");
    expect(errors[0].content.evalue).toMatch(/failed in output operation foreachRDD: bad batch/);
    const { outputs } = await kernel.execute("await failing.stop(); 'still up'");
    expect(outputs[0].content.data["text/plain"]).toContain("still up");
  });
});

describe("errors that escape a cell", () => {
  it("an exception thrown later by a cell's timer, or a rejection nobody handles, shows in that cell; the kernel stays up", async () => {
    const thrower = await kernel.execute(
      'setTimeout(() => { throw new Error("late throw"); }, 10); "scheduled"',
    );
    const rejecter = await kernel.execute('void Promise.reject(new Error("nobody caught me"))');
    const late = await kernel.waitFor(() =>
      kernel.outputsOf(thrower.msgId).find((m) => m.header.msg_type === "error"),
    );
    expect(late.content).toMatchObject({ ename: "Error", evalue: "late throw" });
    const unhandled = await kernel.waitFor(() =>
      kernel.outputsOf(rejecter.msgId).find((m) => m.header.msg_type === "error"),
    );
    expect(unhandled.content.evalue).toBe("nobody caught me");
    const { outputs } = await kernel.execute("'up'");
    expect(outputs[0].content.data["text/plain"]).toContain("up");
  });
});

describe("tracebacks point at the cell", () => {
  it("a function of an earlier cell, failing in a stream batch, shows both cells' lines and no engine frames", async () => {
    const defining = await kernel.execute(
      "function half(n: number): number {\n  if (n % 2) throw new RangeError('odd: ' + n);\n  return n / 2;\n}",
    );
    const a = defining.reply.content.execution_count;
    const direct = await kernel.execute("const evens: number[] = [2];\nhalf(3);");
    const b = direct.reply.content.execution_count;
    expect(direct.reply.content.traceback.slice(0, 2)).toEqual([
      "RangeError: odd: 3",
      `    at half (Cell In[${a}], line 2:20)`,
    ]);
    expect(direct.reply.content.traceback[2]).toMatch(new RegExp(`^ {4}at Cell In\\[${b}\\], line 2:`));
    const streaming = await kernel.execute(
      "const halving = streamingContext(Milliseconds(100));\nhalving.generatorStream(() => [3])\n  .map((n: number) => half(n)).print();\nhalving.start();",
    );
    const c = streaming.reply.content.execution_count;
    const failure = await kernel.waitFor(() =>
      kernel.outputsOf(streaming.msgId).find((m) => m.header.msg_type === "error"),
    );
    await kernel.execute("await halving.stop()");
    const tb: string[] = failure.content.traceback;
    expect(failure.content.ename).toBe("BatchFailedError");
    expect(tb.slice(1, 4)).toEqual([
      "RangeError: odd: 3",
      `    at half (Cell In[${a}], line 2:20)`,
      `    at Cell In[${c}], line 3:23`,
    ]);
    expect(tb.join("\n")).not.toMatch(/evalmachine|[\\/](engine|kernel|node_modules)[\\/]|node:internal/);
    expect(tb[tb.length - 1]).toMatch(/^ {4}… \d+ frames inside dstream-lab and Node$/);
  });
});

describe("interrupt", () => {
  it("breaks a synchronous infinite loop on SIGINT, and the kernel answers the next cell", async () => {
    const id = kernel.startExecute("while (true) {}");
    await kernel.waitFor(() =>
      kernel.iopubMessages.some(
        (m) => m.parent_header.msg_id === id && m.header.msg_type === "execute_input",
      ),
    );
    // A signal that lands while the cell is still compiling has no loop to break: repeat until it answers.
    const repeat = setInterval(() => kernel.signalInterrupt(), 300);
    kernel.signalInterrupt();
    const { reply } = await kernel.finished(id).finally(() => clearInterval(repeat));
    expect(reply.content).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    const { outputs } = await kernel.execute("'alive'");
    expect(outputs[0].content.data["text/plain"]).toContain("alive");
  });

  it("stops a running stream on interrupt_request (control, while shell is busy): no more output from it", async () => {
    const id = kernel.startExecute(`
      const endless = streamingContext(Milliseconds(100));
      endless.generatorStream((t) => ["endless " + t.milliseconds]).print();
      endless.start();
      // An interrupted cell's declarations are dropped (as after any failed cell): keep it here.
      Object.assign(globalThis, { endless });
      await endless.awaitTermination();`);
    await kernel.waitFor(() => (kernel.stdoutOf(id).match(/endless/g) ?? []).length >= 2);
    const info = await kernel.request("control", "kernel_info_request", {});
    expect(info.content.status).toBe("ok");
    const interrupt = await kernel.request("control", "interrupt_request", {});
    expect(interrupt.content.status).toBe("ok");
    const { reply } = await kernel.finished(id);
    expect(reply.content.ename).toBe("KeyboardInterrupt");
    // A stopped context starts no more batches: no more output can come from it.
    const later = await kernel.execute(
      "[(globalThis as any).endless.getState(), StreamingContext.getActive() === undefined]",
    );
    expect(later.outputs[0].content.data["text/plain"]).toBe("[ 'STOPPED', true ]");
  });

  it("when idle, interrupt_request stops the streams and timers earlier cells left running", async () => {
    const { msgId } = await kernel.execute(`
      const background = streamingContext(Milliseconds(100));
      background.generatorStream((t) => ["background " + t.milliseconds]).print();
      background.start();
      const interval = setInterval(() => console.log("interval"), 100);`);
    await kernel.waitFor(() =>
      /background[\s\S]*interval|interval[\s\S]*background/.test(kernel.stdoutOf(msgId)),
    );
    await kernel.request("control", "interrupt_request", {});
    const state = await kernel.execute("[background.getState(), (interval as any)._destroyed]");
    expect(state.outputs[0].content.data["text/plain"]).toBe("[ 'STOPPED', true ]");
  });
});

describe("shutdown", () => {
  it("answers shutdown_request on control with the restart flag echoed, then the process exits cleanly", async () => {
    const id = kernel.send("control", "shutdown_request", { restart: true });
    const reply = await kernel.reply(id);
    expect(reply.header.msg_type).toBe("shutdown_reply");
    expect(reply.content).toEqual({ status: "ok", restart: true });
    expect(await kernel.exit).toBe(0);
  });
});
