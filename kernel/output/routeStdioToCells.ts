import { currentOutput } from "./currentOutput";

let installed = false;

/**
 * Sends whatever is written to process.stdout / process.stderr while a cell's async context is
 * current (console.log, console.error, the engine's print()) to that cell's CellOutput as a
 * `stream`. Writes outside any cell (the kernel's own logging) go to the real stdio. Idempotent.
 *
 * Because the routing follows the async context, a stream's print() lands in the cell that
 * defined it even when its batch runs while another cell executes.
 */
export function routeStdioToCells(): void {
  if (installed) return;
  installed = true;
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
