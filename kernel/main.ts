// Starts the dstream-lab Jupyter kernel: `node --import tsx kernel/main.ts <connection_file>`.
import { kernelComms } from "./comm";
import type { CellExecutor } from "./executor";
import { KernelHandler } from "./handler";
import { currentOutput } from "./output";
import { KernelServer, readConnectionFile, yieldToReaders } from "./server";

async function main(): Promise<void> {
  const file = process.argv[2];
  const info = readConnectionFile(file);
  let server: KernelServer | undefined;
  let executor: CellExecutor | undefined;
  const shutdown = async (code: number) => {
    await server?.close();
    await executor?.close().catch(() => {});
    process.exit(code);
  };
  // The compiler, the session (engine, display, ml) and their types take seconds to load, blocking
  // the event loop: bind the sockets and answer the client's first request (its kernel_info) first,
  // then load; the first execute_request waits for the executor. With no client after 1 s, load anyway.
  let startLoading!: () => void;
  const loadingMayStart = new Promise<void>((resolve) => {
    startLoading = resolve;
  });
  const executorReady = loadingMayStart.then(() => {
    const { CellExecutor } = require("./executor") as typeof import("./executor");
    executor = CellExecutor.create();
    return executor;
  });
  executorReady.catch((e) => {
    log(`[dstream-lab kernel] cannot start the TypeScript executor: ${(e as Error).stack ?? e}`);
    void shutdown(1);
  });
  const handler = new KernelHandler({
    executor: executorReady,
    onShutdown: () => void shutdown(0),
    takeQueuedRequests: yieldToReaders,
    onRequestDone: () => setTimeout(startLoading, 10),
    // The session's widgets register their comm targets on it when the executor loads the session.
    comms: kernelComms,
  });
  server = await KernelServer.start(info, handler);
  setTimeout(startLoading, 1000);

  // interrupt_mode "signal": Jupyter sends SIGINT. A cell in synchronous code is broken out of by
  // vm's breakOnSigint (this handler is suspended meanwhile); otherwise this interrupts the
  // awaited cell or, when idle, stops the streams and timers cells left running.
  process.on("SIGINT", () => void handler.interrupt());
  process.on("SIGTERM", () => void shutdown(0));
  // Errors escaping a cell's callbacks land in that cell (when known), and the kernel stays up.
  process.on("uncaughtException", (e) => reportEscaped("Uncaught exception", e));
  process.on("unhandledRejection", (e) => reportEscaped("Unhandled rejection", e));
}

function reportEscaped(what: string, e: unknown): void {
  const out = currentOutput();
  const err = e instanceof Error ? e : new Error(String(e));
  if (out) {
    // Loaded by now (a cell ran); required here so the sockets bind before the compiler loads.
    const { cellTraceback } = require("./traceback") as typeof import("./traceback");
    out.error(err.name, err.message, [`${what}: ${err.name}: ${err.message}`, ...cellTraceback(err.stack)]);
  } else log(`[dstream-lab kernel] ${what}: ${err.stack ?? err}`);
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

main().catch((e) => {
  log(`[dstream-lab kernel] ${(e as Error).name ?? "Error"}: ${(e as Error).message ?? e}`);
  process.exit(1);
});
