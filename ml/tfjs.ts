/**
 * The one place that sets up tfjs. Every tfjs computation in ml/ goes through `tf` from here,
 * after `ready()`: the wasm backend initialises asynchronously (it compiles its WebAssembly
 * module), and an op run before that fails. `@tensorflow/tfjs-node` cannot install on these
 * machines (its install script downloads libtensorflow); wasm is far faster than tfjs's
 * pure-JS cpu backend on matMul. Which kernel runs on tfjs, and from which size, is backend.ts's
 * choice.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export { tf };

/** The tfjs backend ml/ runs on. */
export const BACKEND = "wasm";

let readyPromise: Promise<void> | undefined;
let isReady = false;

/**
 * Selects the wasm backend once and resolves when ops can run. Safe to call many times.
 *
 * @example
 * import { ready } from "./ml";
 * await ready(); // then LinearRegressionWithSGD.train(...) etc.
 */
export function ready(): Promise<void> {
  readyPromise ??= (async () => {
    // tfjs logs a banner about the platform on first use; the kernel's cells should stay clean.
    tf.env().set("IS_TEST", true);
    const ok = await tf.setBackend(BACKEND);
    if (!ok) throw new Error(`tfjs could not initialise its ${BACKEND} backend.`);
    await tf.ready();
    isReady = true;
  })();
  return readyPromise;
}

/**
 * True once `ready()` has resolved: batch math may then run synchronously.
 *
 * @example
 * await ready();
 * backendReady(); // true
 */
export function backendReady(): boolean {
  return isReady && tf.getBackend() === BACKEND;
}
