/**
 * The numeric kernels of ml/ one by one, WebAssembly SIMD against tfjs, across sizes: where
 * backend.ts's choices come from. Each cell is the median time of one call on 10,000 rows
 * already packed, after warm-up; the calls of the two paths alternate, so load from other
 * processes falls on both.
 *   - k-means: clusterStatsWasm against clusterStatsTfjs, and which one backend.ts chooses.
 *   - Gram matrix: gramWasm against one tfjs matMul [X y]ᵀ[X y] in float32, written here: ml/ has
 *     no tfjs path for it, as tfjs was slower at every d measured, up to 1,024 where they tie.
 *
 * Run: node --import tsx bench/mlKernels.ts
 */
import { performance } from "node:perf_hooks";
import { ready, SeededRandom, tf } from "../ml";
import { clusterStatsKernel } from "../ml/backend";
import { clusterStatsTfjs } from "../ml/kernels/clusterStatsTfjs";
import { clusterStatsWasm } from "../ml/kernels/clusterStatsWasm";
import { gramWasm } from "../ml/kernels/gramWasm";
import { packedLabeledRows, packedRows } from "../ml/kernels/RowSource";

const N = 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Median ms per call of each function, calls alternating, after two warm-up calls each. */
function race(fns: (() => unknown)[], runs: number): number[] {
  const times = fns.map(() => [] as number[]);
  for (let run = -2; run < runs; run++) {
    fns.forEach((f, i) => {
      const t = performance.now();
      f();
      if (run >= 0) times[i]!.push(performance.now() - t);
    });
  }
  return times.map(median);
}

/** [X y]ᵀ[X y] as one tfjs matMul, from the packed rows straight into float32. */
function gramOnTfjs(X: Float64Array, y: Float64Array, d: number): Float64Array {
  const m = d + 1;
  const A = new Float32Array(N * m);
  for (let r = 0; r < N; r++) {
    for (let j = 0; j < d; j++) A[r * m + j] = X[r * d + j]!;
    A[r * m + d] = y[r]!;
  }
  const out = tf.tidy(() => {
    const t = tf.tensor2d(A, [N, m]);
    return t.transpose().matMul(t);
  });
  const S = Float64Array.from(out.dataSync());
  out.dispose();
  return S;
}

async function main(): Promise<void> {
  await ready();
  const rand = new SeededRandom(7);
  const gaussian = (length: number) => Float64Array.from({ length }, () => rand.nextGaussian());
  console.log(`# ml/ kernels: WebAssembly SIMD vs tfjs, median ms per call on ${N.toLocaleString()} rows`);
  console.log(`node ${process.version}\n`);

  console.log("k-means (closest centre, per-centre sums, cost)\n");
  console.log("| k | d | k·d | WebAssembly | tfjs | backend.ts runs |");
  console.log("| ---: | ---: | ---: | ---: | ---: | --- |");
  for (const [k, d] of [
    [10, 10],
    [20, 20],
    [32, 32],
    [40, 40],
    [96, 16],
    [64, 64],
    [100, 100],
    [16, 96],
    [10, 200],
    [16, 400],
    [8, 2000],
  ] as const) {
    const centers = Array.from({ length: k }, () => gaussian(d));
    const rows = packedRows(gaussian(N * d), d);
    const [wasm, tfjs] = race(
      [() => clusterStatsWasm(rows, N, centers), () => clusterStatsTfjs(rows, N, centers)],
      k * d > 4096 ? 3 : 9,
    );
    const chosen = clusterStatsKernel(k, d) === clusterStatsWasm ? "WebAssembly" : "tfjs";
    console.log(`| ${k} | ${d} | ${k * d} | ${wasm!.toFixed(2)} | ${tfjs!.toFixed(2)} | ${chosen} |`);
  }

  console.log("\nGram matrix [X y]ᵀ[X y]\n");
  console.log("| d | WebAssembly | tfjs |");
  console.log("| ---: | ---: | ---: |");
  for (const d of [10, 20, 32, 64, 128, 256, 512, 1024]) {
    const X = gaussian(N * d);
    const y = gaussian(N);
    const rows = packedLabeledRows(X, y, d);
    const [wasm, tfjs] = race(
      [() => gramWasm(rows, N, d), () => gramOnTfjs(X, y, d)],
      d > 512 ? 1 : d > 128 ? 3 : 9,
    );
    console.log(`| ${d} | ${wasm!.toFixed(2)} | ${tfjs!.toFixed(2)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
