import * as path from "node:path";
import { inspect } from "node:util";
import type { Diagnostic } from "tslab/dist/converter";
import { type Converter, createConverter } from "tslab/dist/converter";
import { createExecutor, type Executor as TslabExecutor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { StreamingContext } from "../../engine";
import { closureResolver, setClosureResolver } from "../../engine/executor/closureResolver";
import { toMimeBundle } from "../display";
import { type CellOutput, cellOutputStorage, type MimeBundle, routeStdioToCells } from "../output";
import { CellWork, cellWorkStorage } from "../output/CellWork";
import * as session from "../session";
import { sessionHooks } from "../session/sessionHooks";
import { cellScripts } from "../traceback/CellScripts";
import { CellClosureResolver } from "./CellClosureResolver";
import { cellScriptStub } from "./cellScriptStub";
import { disableCompilerWatchers } from "./disableCompilerWatchers";
import type { ExecuteOutcome } from "./ExecuteOutcome";
import { diagnosticsOutcome, exceptionOutcome, interruptOutcome, isInterruptError } from "./errorOutcome";
import { type IsCompleteResult, isCompleteCode } from "./isCompleteCode";
import { reportStreamErrors } from "./reportStreamErrors";
import { sessionDeclarations } from "./sessionDeclarations";
import { trackTimers } from "./trackTimers";
import { fromUtf16Index, toUtf16Index } from "./unicodeOffsets";

export interface CompleteResult {
  matches: string[];
  /** Code-point offsets, as Jupyter counts cursor positions. */
  cursorStart: number;
  cursorEnd: number;
}

export interface InspectResult {
  found: boolean;
  text: string;
}

export interface CellExecutorOptions {
  /** Where cells resolve `require`/`import` from; default the kernel's working directory. */
  rootDir?: string;
}

/** Where the session's declarations come from: the kernel/session module, by absolute path. */
const SESSION_MODULE = path.resolve(__dirname, "..", "session");

/**
 * Compiles and runs TypeScript cells with tslab's converter (type-check, then transpile, with
 * declarations carried from cell to cell) and tslab's executor (runs the code, top-level await).
 * Each cell runs in its own async context holding its CellOutput and CellWork, so output of
 * anything it starts lands in that cell, and interrupting it stops what it started.
 *
 * @example
 * const executor = CellExecutor.create();
 * const outcome = await executor.execute("1 + 1", output, 1); // { status: "ok", hasResult: true, result: 2 }
 */
export class CellExecutor {
  private readonly works = new Set<CellWork>();
  private running: CellWork | undefined;
  private lastDiagnostics: Diagnostic[] = [];
  private captured: { thrown: unknown[]; results: unknown[] } | undefined;
  /** The execution count of the cell being compiled, which names its vm script. */
  private compiling = 0;
  private readonly tslab: TslabExecutor;
  private readonly closures: CellClosureResolver;

  private constructor(
    converter: Converter,
    private readonly sessionDecl: string,
    sessionValues: Record<string, unknown>,
    rootDir: string,
  ) {
    const withSession = (prev: string) => prev || this.sessionDecl;
    const conv: Converter = {
      convert: (prev, src) => {
        const r = converter.convert(withSession(prev), src);
        this.lastDiagnostics = r.diagnostics;
        return r.output === undefined
          ? r
          : { ...r, output: this.nameScript(src, r.output, Boolean(r.hasToplevelAwait)) };
      },
      inspect: (prev, src, pos) => converter.inspect(withSession(prev), src, pos),
      complete: (prev, src, pos) => converter.complete(withSession(prev), src, pos),
      addModule: (name, content, meta) => converter.addModule(name, content, meta),
      close: () => converter.close(),
    };
    // tslab's executor reports through this console: diagnostics and throws on error(), the last
    // expression's value on log(). The cell's own console.log is the global one, routed by context.
    const capture = {
      log: (value: unknown) => this.captured?.results.push(value),
      error: (...args: unknown[]) => {
        if (args.length === 1) this.captured?.thrown.push(args[0]);
      },
    };
    this.tslab = createExecutor(
      rootDir,
      { node: conv, browser: conv, close: () => converter.close() },
      capture,
    );
    for (const [name, value] of Object.entries(sessionValues)) this.tslab.locals[name] = value;
    // Closures given to transformations ship to worker threads with the values they capture:
    // cell constants, helpers of earlier cells (`exports.<name>`), read anew for every job.
    this.closures = new CellClosureResolver(this.tslab.locals);
    setClosureResolver(this.closures.resolve);
  }

  /** Loads the session and the TypeScript compiler (about 2 s) and installs stdout and timer routing. */
  static create(options: CellExecutorOptions = {}): CellExecutor {
    routeStdioToCells();
    trackTimers();
    sessionHooks.kernelReportsErrors = true;
    sessionHooks.onStreamingContext.push((ssc) => {
      cellWorkStorage.getStore()?.contexts.add(ssc);
      reportStreamErrors(ssc);
    });
    disableCompilerWatchers();
    const converter = createConverter();
    const decl = sessionDeclarations(converter, SESSION_MODULE);
    return new CellExecutor(converter, decl, { ...session }, options.rootDir ?? process.cwd());
  }

  /** Runs one cell with `output` as the CellOutput of everything it does or starts. */
  async execute(code: string, output: CellOutput, executionCount: number): Promise<ExecuteOutcome> {
    const work = new CellWork(executionCount, output);
    this.compiling = executionCount;
    this.works.add(work);
    this.running = work;
    this.lastDiagnostics = [];
    const captured = { thrown: [] as unknown[], results: [] as unknown[] };
    this.captured = captured;
    let ok: boolean;
    try {
      ok = await cellOutputStorage.run(output, () =>
        cellWorkStorage.run(work, () => this.tslab.execute(code)),
      );
    } catch (e) {
      ok = false;
      captured.thrown.push(e);
    } finally {
      this.running = undefined;
      this.captured = undefined;
    }
    this.adoptActiveContext(work);
    if (ok) {
      return captured.results.length > 0
        ? { status: "ok", hasResult: true, result: captured.results[0] }
        : { status: "ok", hasResult: false };
    }
    if (this.lastDiagnostics.length > 0) return diagnosticsOutcome(this.lastDiagnostics);
    const thrown = captured.thrown[0];
    if (work.stopped || isInterruptError(thrown)) {
      await work.stop();
      return interruptOutcome();
    }
    return exceptionOutcome(thrown);
  }

  /**
   * Interrupts the running cell (an `await` in progress is abandoned) and stops what it started;
   * with no cell running, stops the background work of every cell (streams, timers). Either way
   * the session's tasks on worker threads are cancelled (their batches fail with
   * TaskCancelledError), so a task that never ends cannot hold the stop. A cell stuck in
   * synchronous code is interrupted by SIGINT itself (vm's breakOnSigint), not by this.
   */
  async interrupt(): Promise<void> {
    const running = this.running;
    if (running) {
      const stopping = running.stop();
      // The session's tasks on worker threads too: the cell may be awaiting one (collectAsync).
      session.sc.cancelRunningTasks("the cell was interrupted");
      this.tslab.interrupt();
      await stopping;
      return;
    }
    const active = StreamingContext.getActive();
    const stops = [...this.works].map((w) => w.stop());
    this.works.clear();
    if (active) stops.push(active.stop());
    active?.sc.cancelRunningTasks("interrupted");
    session.sc.cancelRunningTasks("interrupted");
    await Promise.allSettled(stops);
  }

  complete(code: string, cursorPos: number): CompleteResult {
    const info = this.tslab.complete(code, toUtf16Index(code, cursorPos));
    return {
      matches: info.candidates,
      cursorStart: fromUtf16Index(code, info.start),
      cursorEnd: fromUtf16Index(code, info.end),
    };
  }

  inspect(code: string, cursorPos: number): InspectResult {
    const info = this.tslab.inspect(code, toUtf16Index(code, cursorPos));
    if (!info) return { found: false, text: "" };
    return { found: true, text: printQuickInfo(info) };
  }

  /**
   * The bundle of a cell's result, from kernel/display; should rendering itself fail, the plain
   * text form, so a display bug never loses a result.
   */
  toMimeBundle(value: unknown): MimeBundle {
    try {
      return toMimeBundle(value);
    } catch (e) {
      return { "text/plain": `${inspect(value)}\n(rich display failed: ${(e as Error)?.message ?? e})` };
    }
  }

  isComplete(code: string): IsCompleteResult {
    return isCompleteCode(code);
  }

  /** Stops every cell's work and releases the compiler, so the process can exit. */
  async close(): Promise<void> {
    await this.interrupt();
    if (closureResolver() === this.closures.resolve) setClosureResolver(undefined);
    this.closures.close();
    this.tslab.close();
  }

  /**
   * Gives the compiled cell its own script, `cell-<count>.js` (tslab runs every cell as
   * `evalmachine.<anonymous>`), so its stack frames map back to the cell's TypeScript. The leading
   * newline puts the compiled code on lines of its own, after the function head around it.
   */
  private nameScript(source: string, compiled: string, isAsync: boolean): string {
    const code = `\n${compiled}`;
    return cellScriptStub(cellScripts.add(this.compiling, source, code), code, isAsync);
  }

  /**
   * A context made with `new StreamingContext(…)` rather than the session's streamingContext() is
   * not announced: the active one at the end of a cell was most likely started by it.
   */
  private adoptActiveContext(work: CellWork): void {
    const active = StreamingContext.getActive();
    if (!active || [...this.works].some((w) => w.contexts.has(active))) return;
    work.contexts.add(active);
    reportStreamErrors(active);
  }
}
