import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

/** What the writer process reports when a connection ends. */
export interface WriterClosed {
  mode: "flood" | "paced";
  lines: number;
  seconds: number;
}

/** The writer process of the socket benchmarks (bench/lineWriter.ts), seen from the reader. */
export interface LineWriter {
  port: number;
  /** Connections from now on get lines as fast as they read them. */
  flood(): void;
  /** Connections from now on get `rate` lines/s, every `markEvery`-th marked `@<send time>`. */
  paced(rate: number, markEvery: number): void;
  /**
   * The writer's clock minus this process's (`performance.timeOrigin + performance.now()` on
   * both), from the IPC round trip with the smallest delay among `samples`; the estimate is off
   * by at most half that round trip (`rtt`).
   */
  clockOffset(samples?: number): Promise<{ offset: number; rtt: number }>;
  /** Resolves with the writer's report of the next connection to end. */
  nextClosed(): Promise<WriterClosed>;
  stop(): Promise<void>;
}

/**
 * Forks bench/lineWriter.ts (with tsx) and waits until it listens.
 * @example
 * const writer = await startLineWriter();
 * writer.flood();
 * net.connect(writer.port, "127.0.0.1"); // lines as fast as they are read
 */
export async function startLineWriter(): Promise<LineWriter> {
  const child: ChildProcess = fork(path.join(__dirname, "lineWriter.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const [ready] = (await once(child, "message")) as [{ type: string; port: number }];
  if (ready.type !== "ready") throw new Error(`line writer: expected "ready", got ${JSON.stringify(ready)}`);
  let clockId = 0;
  const message = <T>(type: string, match: (m: any) => boolean = () => true): Promise<T> =>
    new Promise((resolve) => {
      const on = (m: any) => {
        if (m.type !== type || !match(m)) return;
        child.off("message", on);
        resolve(m as T);
      };
      child.on("message", on);
    });
  return {
    port: ready.port,
    flood: () => child.send({ type: "mode", mode: "flood" }),
    paced: (rate, markEvery) => child.send({ type: "mode", mode: "paced", rate, markEvery }),
    async clockOffset(samples = 50) {
      let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
      for (let i = 0; i < samples; i++) {
        const id = ++clockId;
        const t0 = performance.timeOrigin + performance.now();
        const reply = message<{ now: number }>("clock", (m) => m.id === id);
        child.send({ type: "clock", id });
        const { now } = await reply;
        const t1 = performance.timeOrigin + performance.now();
        if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: now - (t0 + t1) / 2 };
      }
      return best;
    },
    nextClosed: () => message<WriterClosed>("closed"),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.disconnect();
      await exited;
    },
  };
}
