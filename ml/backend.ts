/**
 * The one place that chooses tfjs's backend. Every batch computation in ml/ goes through `tf`
 * from here, after `ready()`: the wasm backend initialises asynchronously (it compiles its
 * WebAssembly module), and an op run before that fails. `@tensorflow/tfjs-node` cannot install
 * on these machines (its install script downloads libtensorflow); wasm is about 25x faster than
 * tfjs's pure-JS cpu backend on matMul.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";

export { tf };

/** The backend ml/ runs on. */
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
 * Where plain float64 typed-array loops beat tfjs's wasm backend. A wasm op has a fixed cost per
 * call (uploading the batch into wasm memory, XNNPACK packing a fresh right-hand operand, the
 * download), so for small inner sizes a tight JS loop over one Float64Array wins; for larger
 * ones tfjs's SIMD matMul does. Measured on this 2-core machine, 10,000 rows (.tmp-style
 * micro-benchmarks, medians; see bench/ml.ts for the end-to-end numbers):
 *   - k-means distances, k·d = 100 (k 10, dim 10): loops 0.94 ms, tfjs fused matMul + argMin
 *     + min 1.02 ms (plus 0.3 ms to pack float32 and sum on the JS side); k·d = 2,500: tfjs
 *     3.7 ms, loops ~25x the k·d = 100 time. Crossover near k·d = 128.
 *   - least-squares Gram matrix [X y]ᵀ[X y], d = 20: loops 1.7 ms, tfjs 1.8 ms (of which about
 *     1.3 ms is XNNPACK packing the fresh data operand); d = 50: tfjs 3.8 ms, loops ~10 ms.
 *     Crossover near d = 32.
 * The loops also compute in float64 where tfjs computes in float32. Since then the hot loops of
 * both run as small WebAssembly SIMD kernels assembled in ml/ (optimization/gramKernel.ts,
 * clustering/closestKernel.ts; 0.34 ms (row-major, warm data) and 0.3 ms for the sizes above), with the JS loops as
 * fallback, so the crossovers are now conservative; the thresholds are kept as measured.
 */
export const LOOPS_MAX_KMEANS_WORK = 128;
export const LOOPS_MAX_GRAM_DIM = 32;

/** True when k-means assignment of rows of `dim` features to `k` centres runs as JS loops. */
export function kmeansOnLoops(k: number, dim: number): boolean {
  return k * dim <= LOOPS_MAX_KMEANS_WORK;
}

/** True when the least-squares Gram matrix of `dim` features runs as JS loops. */
export function gramOnLoops(dim: number): boolean {
  return dim <= LOOPS_MAX_GRAM_DIM;
}

/** True once `ready()` has resolved: batch math may then run synchronously. */
export function backendReady(): boolean {
  return isReady && tf.getBackend() === BACKEND;
}
