import nodeFs, * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { StreamingContext } from "../../../engine";
import { ThrottledTask } from "../../../kernel/display/ThrottledTask";
import { CellExecutor, type ExecuteOutcome } from "../../../kernel/executor";
import type { CellOutput, MimeBundle } from "../../../kernel/output";

// The real executor (tslab's compiler and runner) in this process, with ManualClock streams:
// deterministic, and nothing waits for a real batch.

/** Stand-in for the kernel's iopub CellOutput: records what a cell's output received. */
class RecordingOutput implements CellOutput {
  readonly events: {
    type: string;
    name?: string;
    text?: string;
    data?: MimeBundle;
    id?: string;
    ename?: string;
    evalue?: string;
  }[] = [];
  stream(name: "stdout" | "stderr", text: string): void {
    this.events.push({ type: "stream", name, text });
  }
  display(data: MimeBundle, options: { displayId?: string } = {}): void {
    this.events.push({ type: "display", data, id: options.displayId });
  }
  updateDisplay(displayId: string, data: MimeBundle): void {
    this.events.push({ type: "update", data, id: displayId });
  }
  error(ename: string, evalue: string): void {
    this.events.push({ type: "error", ename, evalue });
  }
  clearOutput(): void {
    this.events.push({ type: "clear" });
  }
  text(name: "stdout" | "stderr" = "stdout"): string {
    return this.events
      .filter((e) => e.type === "stream" && e.name === name)
      .map((e) => e.text)
      .join("");
  }
}

let executor: CellExecutor;
let count = 0;
beforeAll(() => {
  executor = CellExecutor.create();
}, 30_000);

afterEach(async () => {
  await StreamingContext.getActive()?.stop();
});

async function run(
  code: string,
  out = new RecordingOutput(),
): Promise<ExecuteOutcome & { out: RecordingOutput }> {
  const outcome = await executor.execute(code, out, ++count);
  return { ...outcome, out };
}

describe("CellExecutor: compile and run", () => {
  it("returns the last expression, keeps declarations, supports top-level await", async () => {
    expect(await run("const base = 40;")).toMatchObject({ status: "ok", hasResult: false });
    expect(await run("await Promise.resolve(base + 2)")).toMatchObject({
      status: "ok",
      hasResult: true,
      result: 42,
    });
  });

  it("type errors stop the cell before anything runs", async () => {
    const r = await run('console.log("side effect"); const s: string = 5;');
    expect(r).toMatchObject({ status: "error", ename: "TypeScriptError" });
    expect(r.status === "error" && r.evalue).toMatch(
      /^1:35 - Type 'number' is not assignable to type 'string'\.$/,
    );
    expect(r.out.events).toEqual([]);
  });

  it("throws and rejected awaits become errors with the thrown name and message", async () => {
    expect(await run('throw new RangeError("too far")')).toMatchObject({
      ename: "RangeError",
      evalue: "too far",
    });
    expect(await run('await Promise.reject(new Error("later"))')).toMatchObject({
      ename: "Error",
      evalue: "later",
    });
    expect(await run('throw "a string"')).toMatchObject({ ename: "Error", evalue: "a string" });
  });

  it("clearOutput and display go to the running cell; a handle updates its own cell from a later one", async () => {
    const first = await run('clearOutput(true); const handle = display("v1", { displayId: "d1" });');
    const second = await run('handle.update("v2")');
    expect(first.out.events.map((e) => e.type)).toEqual(["clear", "display", "update"]);
    expect(first.out.events[2].id).toBe("d1");
    expect(second.out.events).toEqual([]);
  });
});

describe("CellExecutor: files edited while the kernel runs", () => {
  it("the compiler watches no file on disk, so an edit cannot schedule a rebuild behind its back", () => {
    // tslab's converter is a TypeScript watch program; left alone, its sys.watchFile and
    // sys.watchDirectory call fs.watch (see disableCompilerWatchers).
    const watch = vi.spyOn(nodeFs, "watch");
    const watchFile = vi.spyOn(nodeFs, "watchFile");
    try {
      ts.sys.watchFile!(__filename, () => {}).close();
      ts.sys.watchDirectory!(__dirname, () => {}).close();
      expect(watch).not.toHaveBeenCalled();
      expect(watchFile).not.toHaveBeenCalled();
    } finally {
      watch.mockRestore();
      watchFile.mockRestore();
    }
  });

  it("a module a cell imported can change on disk: later cells run, and keep the value first loaded", async () => {
    // Under the working directory, where tslab resolves a cell's relative imports.
    const scratch = path.join(process.cwd(), ".tmp"); // not in a fresh clone
    fs.mkdirSync(scratch, { recursive: true });
    const dir = fs.mkdtempSync(path.join(scratch, "kernel-watch-"));
    const file = path.join(dir, "answer.ts");
    fs.writeFileSync(file, "export const answer: number = 41;\n");
    try {
      const rel = `./${path.relative(process.cwd(), dir)}/answer`;
      expect(await run(`import { answer } from "${rel}";\nanswer + 1`)).toMatchObject({
        status: "ok",
        result: 42,
      });
      // Editors and formatters save atomically: a new file renamed over the old one, twice here.
      for (const value of [1, 2]) {
        fs.rmSync(file);
        fs.writeFileSync(path.join(dir, `other${value}.ts`), "export {};\n");
        fs.writeFileSync(`${file}.tmp`, `export const answer: number = ${value};\n`);
        fs.renameSync(`${file}.tmp`, file);
      }
      expect(await run("2 * 21")).toMatchObject({ status: "ok", result: 42 });
      expect(await run("answer")).toMatchObject({ status: "ok", result: 41 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("CellExecutor: output of streams goes to the cell that defined them", () => {
  it("print() of a stream defined in cell A lands in A while cell B advances the clock", async () => {
    const a = await run(`
      const clockA = new ManualClock();
      const sscA = streamingContext(Seconds(1), { clock: clockA });
      sscA.queueStream([["x", "y"], ["z"]]).print();
      sscA.start();`);
    expect(a.status).toBe("ok");
    const b = await run('await clockA.advance(Seconds(2)); console.log("B ran")');
    expect(a.out.text()).toContain("Time: 1000 ms\n-------------------------------------------\nx\ny\n");
    expect(a.out.text()).toContain("Time: 2000 ms");
    expect(b.out.text()).toBe("B ran\n");
  });

  it("re-running the cell that makes a streaming context stops the old context instead of failing", async () => {
    const cell = `
      const rerun = streamingContext(Seconds(1), { clock: new ManualClock() });
      rerun.queueStream([[1]]).print();
      rerun.start();
      rerun`;
    const first = await run(cell);
    const second = await run(cell);
    expect(second.status).toBe("ok");
    const [c1, c2] = [first, second].map((r) =>
      r.status === "ok" ? (r.result as StreamingContext) : undefined,
    );
    expect(c1?.getState()).toBe("STOPPED");
    expect(c2?.getState()).toBe("ACTIVE");
  });

  it("a stream function that throws every batch reports one error in its cell, then a summary after 10", async () => {
    const a = await run(`
      const clockF = new ManualClock();
      const failing = streamingContext(Seconds(1), { clock: clockF });
      failing.queueStream([[1]], true, sc.parallelize([0])).foreachRDD(() => { throw new Error("broken"); });
      failing.start();`);
    const b = await run("await clockF.advance(Seconds(10))");
    const errors = a.out.events.filter((e) => e.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ename: "BatchFailedError" });
    expect(errors[0].evalue).toMatch(/Batch 1000 ms failed in output operation foreachRDD: broken/);
    expect(a.out.text("stderr")).toMatch(/the same failure happened 10 times so far/);
    expect(b.out.events).toEqual([]);
  });

  it("failures whose messages differ every batch are shown 5 times, then only counted", async () => {
    const a = await run(`
      const clockV = new ManualClock();
      const varying = streamingContext(Seconds(1), { clock: clockV });
      varying.queueStream([[1]], true, sc.parallelize([0])).foreachRDD((_, t) => { throw new Error("at " + t.milliseconds); });
      varying.start();`);
    await run("await clockV.advance(Seconds(15))");
    expect(a.out.events.filter((e) => e.type === "error")).toHaveLength(5);
    expect(a.out.text("stderr")).toMatch(/10 more failures of other kinds so far; the latest: .*at 15000/);
  });

  it("a context made with new StreamingContext is adopted by its cell: its failures are reported there", async () => {
    const a = await run(`
      const clockN = new ManualClock();
      const direct = new StreamingContext(sc, Seconds(1), { clock: clockN, logErrors: false });
      direct.queueStream([[1]]).map((): number => { throw new TypeError("bad map"); }).print();
      direct.start();`);
    await run("await clockN.advance(Seconds(1))");
    expect(a.out.events.find((e) => e.type === "error")?.evalue).toMatch(/bad map/);
  });
});

describe("CellExecutor: interrupt", () => {
  it("interrupts an awaiting cell, clears its intervals and stops its streams", async () => {
    const out = new RecordingOutput();
    const running = executor.execute(
      `
      const clockI = new ManualClock();
      const interrupted = streamingContext(Seconds(1), { clock: clockI });
      interrupted.queueStream([[1], [2], [3]]).print();
      interrupted.start();
      const tick = setInterval(() => console.log("tick"), 1000);
      // An interrupted cell's declarations are dropped (as after any failed cell): keep them here.
      Object.assign(globalThis, { interrupted, tick, clockI });
      await interrupted.awaitTermination();`,
      out,
      ++count,
    );
    await new Promise((r) => setImmediate(r));
    await executor.interrupt();
    const outcome = await running;
    expect(outcome).toMatchObject({ status: "error", ename: "KeyboardInterrupt" });
    const check = await run("const g = globalThis as any; [g.interrupted.getState(), g.tick._destroyed]");
    expect(check).toMatchObject({ status: "ok", result: ["STOPPED", true] });
    await run("await (globalThis as any).clockI.advance(Seconds(3))");
    expect(out.text()).toBe("");
  });

  it("a throttled redraw waiting out its interval when interrupted still finishes (chart.idle() resolves)", async () => {
    // The wait of a chart's pending redraw is a timer the cell owns: were interrupt to clear it,
    // the redraw would never run and a later `await chart.idle()` would hang for good.
    // ThrottledTask is display machinery, not a session name: the test hands it to the cell.
    (globalThis as Record<string, unknown>).ThrottledTaskForTest = ThrottledTask;
    const started = await run(`
      const ThrottledTask = (globalThis as any).ThrottledTaskForTest;
      const pending = new ThrottledTask(() => {}, { minIntervalMs: 50 });
      pending.request();
      await pending.idle();
      pending.request(); // waits out the 50 ms since the first run`);
    expect(started).toMatchObject({ status: "ok" });
    await executor.interrupt();
    const check = await run(`
      await Promise.race([pending.idle().then(() => "idle"), new Promise((r) => setTimeout(() => r("stuck"), 2000))])`);
    expect(check).toMatchObject({ status: "ok", result: "idle" });
  });

  it("when no cell runs, interrupt stops the streams and timers of earlier cells", async () => {
    const a = await run(`
      const clockJ = new ManualClock();
      const left = streamingContext(Seconds(1), { clock: clockJ });
      left.queueStream([[1], [2]]).print();
      left.start();
      const leftTimer = setTimeout(() => console.log("late"), 60_000);`);
    await executor.interrupt();
    const check = await run("[left.getState(), (leftTimer as any)._destroyed]");
    expect(check).toMatchObject({ status: "ok", result: ["STOPPED", true] });
    await run("await clockJ.advance(Seconds(2))");
    expect(a.out.text()).toBe("");
  });
});
