import { format } from "node:util";
import { currentOutput } from "./currentOutput";

let installed = false;

const CONSOLE_STREAMS = {
  log: "stdout",
  info: "stdout",
  debug: "stdout",
  dir: "stdout",
  error: "stderr",
  warn: "stderr",
  trace: "stderr",
} as const;

/**
 * Sends console output and whatever is written to process.stdout / process.stderr while a cell's
 * async context is current (console.log, console.error, the engine's print()) to that cell's
 * CellOutput as a `stream`. Output outside any cell (the kernel's own logging) goes where it
 * went before. Idempotent.
 *
 * Because the routing follows the async context, a stream's print() lands in the cell that
 * defined it even when its batch runs while another cell executes. The console methods are
 * wrapped as well as the streams, since a host (a test runner) may give console its own sink.
 */
export function routeStdioToCells(): void {
  if (installed) return;
  installed = true;
  for (const [method, name] of Object.entries(CONSOLE_STREAMS)) {
    const original = (console as any)[method] as (...args: unknown[]) => void;
    (console as any)[method] = function routed(this: unknown, ...args: unknown[]) {
      const out = currentOutput();
      if (!out) return original.apply(this, args);
      const text = method === "trace" ? `Trace: ${format(...args)}\n${traceOf(routed)}` : format(...args);
      out.stream(name, `${text}\n`);
    };
  }
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    const write = stream.write.bind(stream);
    stream.write = ((chunk: any, encoding?: any, callback?: any) => {
      const out = currentOutput();
      if (!out) return write(chunk, encoding, callback);
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      out.stream(name, text);
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") queueMicrotask(() => done());
      return true;
    }) as typeof stream.write;
  }
}

function traceOf(fn: Function): string {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder, fn);
  return (holder.stack ?? "").split("\n").slice(1).join("\n");
}
