import { Worker } from "node:worker_threads";
import type { VegaLiteSpec } from "./VegaLiteSpec";

// The worker is plain JavaScript (no TypeScript loader needed in the thread) that loads vega and
// vega-lite from the paths this process resolved, and answers { id, spec } with { id, svg | error }.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const vega = require(workerData.vega);
const vl = require(workerData.vegaLite);
// Warnings were reported once, in the chart's cell, when plot() compiled the spec; a worker's
// console would print them again on every render, into whichever cell runs then.
const quiet = { level() { return quiet; }, error() { return quiet; }, warn() { return quiet; }, info() { return quiet; }, debug() { return quiet; } };
parentPort.on("message", async ({ id, spec }) => {
  let view;
  try {
    view = new vega.View(vega.parse(vl.compile(spec, { logger: quiet }).spec), { renderer: "none", logLevel: vega.None });
    parentPort.postMessage({ id, svg: await view.toSVG() });
  } catch (e) {
    parentPort.postMessage({ id, error: e && e.message ? e.message : String(e) });
  } finally {
    if (view) view.finalize();
  }
});
`;

interface Pending {
  resolve: (svg: string) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function startWorker(): Worker {
  const w = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { vega: require.resolve("vega"), vegaLite: require.resolve("vega-lite") },
  });
  w.on("message", (m: { id: number; svg?: string; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.svg!);
  });
  const fail = (e: Error) => {
    // A crashed worker fails what it had; the next render starts a new one.
    if (worker === w) worker = undefined;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`the SVG render worker exited (code ${code})`)));
  return w;
}

/**
 * renderSvg on a worker thread: the same SVG, but vega's 20–40 ms of layout and drawing per render
 * run off the main thread, so the stream's batches and the kernel's messages never wait for a
 * chart. One worker serves every chart; it is started on first use (about 150 ms, once) and does
 * not keep the process alive when idle. plot() and monitor() use it by default.
 *
 * @example const svg = await renderSvgInWorker(chartSpec("number", rows));
 */
export function renderSvgInWorker(spec: VegaLiteSpec): Promise<string> {
  worker ??= startWorker();
  const w = worker;
  const id = nextId++;
  return new Promise<string>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, spec });
  });
}
