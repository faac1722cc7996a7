/**
 * Per-batch training time of the streaming models beside scikit-learn, on the same data in the
 * same run:
 *   - StreamingKMeans (k 10, dim 10, 10,000 points per batch) vs MiniBatchKMeans.partial_fit
 *   - StreamingLinearRegressionWithSGD (dim 20, 10,000 points, 50 iterations) vs
 *     SGDRegressor.partial_fit (one epoch of per-sample SGD: less work per batch than 50
 *     full-batch iterations, so the comparison favours scikit-learn)
 *
 * The batches are generated here (seeded), written to a temp directory as float64, and read by
 * bench/ml_sklearn.py, which /usr/bin/python3 runs in the same process tree right after. The
 * TypeScript side trains through a StreamingContext on a ManualClock: a batch's time runs from
 * onBatchStarted to onBatchCompleted, so it includes the engine's own work (collect, validation,
 * packing) and not only the math. Medians and 90th percentiles over the batches after the first
 * (warm-up for both sides: JIT and wasm on ours, k-means++ seeding on scikit-learn's).
 *
 * Run: node --import tsx bench/ml.ts        (BENCH_ML_BATCHES=20 to change the number of batches)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { BatchContext, type DStream, ManualClock, Seconds, StreamingContext } from "../engine";
import {
  KMeans,
  LabeledPoint,
  ready,
  SeededRandom,
  StreamingKMeans,
  StreamingLinearRegressionWithSGD,
} from "../ml";

const BATCHES = Number(process.env.BENCH_ML_BATCHES ?? 20);
const KM = { k: 10, dim: 10, n: 10_000 };
const SGD = { dim: 20, n: 10_000, iterations: 50, stepSize: 0.1 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The 90th percentile (nearest rank). */
function p90(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)]!;
}

/** k-means batches: unit-variance points around 10 well-separated Gaussian centres (spread 10), as Float64Arrays. */
function kmeansData(rand: SeededRandom): Float64Array[][] {
  const centers = Array.from({ length: KM.k }, () =>
    Array.from({ length: KM.dim }, () => 10 * rand.nextGaussian()),
  );
  return Array.from({ length: BATCHES }, () =>
    Array.from({ length: KM.n }, (_, i) =>
      Float64Array.from(centers[i % KM.k]!, (c) => c + rand.nextGaussian()),
    ),
  );
}

/** Regression batches: x ~ N(0, 1)^20, y = w·x + N(0, 0.1²) with fixed w. */
function sgdData(rand: SeededRandom): LabeledPoint[][] {
  const w = Array.from({ length: SGD.dim }, () => rand.nextGaussian());
  return Array.from({ length: BATCHES }, () =>
    Array.from({ length: SGD.n }, () => {
      const x = Float64Array.from({ length: SGD.dim }, () => rand.nextGaussian());
      let y = 0.1 * rand.nextGaussian();
      for (let j = 0; j < SGD.dim; j++) y += w[j]! * x[j]!;
      return new LabeledPoint(y, x);
    }),
  );
}

function writeF64(file: string, rows: Iterable<ArrayLike<number>>, width: number, count: number): void {
  const out = new Float64Array(count * width);
  let r = 0;
  for (const row of rows) out.set(row, r++ * width);
  fs.writeFileSync(file, Buffer.from(out.buffer));
}

/** Runs `train` on every batch through a StreamingContext and times each batch. */
async function timeBatches<T>(data: T[][], trainOn: (stream: DStream<T>) => void): Promise<number[]> {
  const sc = new BatchContext({ appName: "bench-ml", parallelism: 1 });
  const clock = new ManualClock();
  const ssc = new StreamingContext(sc, Seconds(1), { clock });
  trainOn(ssc.queueStream(data.map((b) => sc.parallelize(b, 1))));
  const times: number[] = [];
  let started = 0;
  ssc.addStreamingListener({
    onBatchStarted: () => {
      started = performance.now();
    },
    onBatchCompleted: (info) => {
      times.push(performance.now() - started);
      for (const o of info.outputOperationInfos.values())
        if (o.failureReason) throw new Error(o.failureReason);
    },
  });
  ssc.start();
  for (let i = 0; i < data.length; i++) await clock.advance(Seconds(1));
  await ssc.stop({ stopBatchContext: true });
  return times;
}

async function main(): Promise<void> {
  await ready();
  const rand = new SeededRandom(2026);
  const km = kmeansData(rand);
  const sgd = sgdData(rand);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ml-"));
  try {
    writeF64(path.join(dir, "kmeans.f64"), km.flat(), KM.dim, BATCHES * KM.n);
    writeF64(
      path.join(dir, "sgd.f64"),
      sgd.flat().map((p) => [...p.features, p.label]),
      SGD.dim + 1,
      BATCHES * SGD.n,
    );
    fs.writeFileSync(
      path.join(dir, "meta.json"),
      JSON.stringify({ kmeans: { ...KM, batches: BATCHES }, sgd: { ...SGD, batches: BATCHES } }),
    );

    // ---- ours --------------------------------------------------------------------------------
    // Learn offline, then stream: seeded by KMeans (k-means||) on the first batch, weight 0 (the
    // first batch is the warm-up on both sides and is not in the medians).
    const seeds = await KMeans.train(km[0]!, KM.k, 20, "k-means||", 1);
    const kmeans = new StreamingKMeans()
      .setK(KM.k)
      .setInitialCenters(seeds.clusterCenters, new Array(KM.k).fill(0));
    const kmTimes = await timeBatches(km, (stream) => kmeans.trainOn(stream));
    const last = km.at(-1)!;
    const kmCost = kmeans.latestModel().computeCost(last) / last.length;

    const reg = new StreamingLinearRegressionWithSGD(SGD.stepSize, SGD.iterations)
      .setInitialWeights(new Float64Array(SGD.dim))
      .setConvergenceTol(0); // all 50 iterations every batch, no early stop
    const sgdTimes = await timeBatches(sgd, (stream) => reg.trainOn(stream));
    const model = reg.latestModel();
    const lastSgd = sgd.at(-1)!;
    const sgdMse =
      lastSgd.reduce((s, p) => s + (model.predict(p.features) - p.label) ** 2, 0) / lastSgd.length;

    // ---- scikit-learn, same files, same run: single-threaded like ours (OMP_NUM_THREADS=1), and
    // with its default OpenMP threads (which suffer when other processes hold the cores).
    const runSklearn = (threads: "1" | undefined) => {
      const env = { ...process.env };
      if (threads) env.OMP_NUM_THREADS = threads;
      else delete env.OMP_NUM_THREADS;
      const py = spawnSync("/usr/bin/python3", [path.join(__dirname, "ml_sklearn.py"), dir], {
        encoding: "utf8",
        env,
      });
      if (py.status !== 0) throw new Error(`bench/ml_sklearn.py failed: ${py.stderr}`);
      return JSON.parse(py.stdout) as {
        sklearn: string;
        numpy: string;
        kmeans_ms: number[];
        kmeans_cost: number;
        sgd_ms: number[];
        sgd_mse: number;
      };
    };
    const sk = runSklearn("1");
    const skThreads = runSklearn(undefined);

    const rows = [
      [
        "k-means k=10 dim=10, 10,000 pts",
        "dstream-lab StreamingKMeans.trainOn",
        kmTimes.slice(1),
        `mean dist² ${kmCost.toFixed(3)}`,
      ],
      [
        "",
        `scikit-learn ${sk.sklearn} MiniBatchKMeans.partial_fit, 1 thread`,
        sk.kmeans_ms.slice(1),
        `mean dist² ${sk.kmeans_cost.toFixed(3)}`,
      ],
      [
        "",
        `scikit-learn ${sk.sklearn} MiniBatchKMeans.partial_fit, default threads`,
        skThreads.kmeans_ms.slice(1),
        `mean dist² ${skThreads.kmeans_cost.toFixed(3)}`,
      ],
      [
        "SGD dim=20, 10,000 pts",
        "dstream-lab StreamingLinearRegressionWithSGD.trainOn (50 it.)",
        sgdTimes.slice(1),
        `MSE ${sgdMse.toFixed(4)}`,
      ],
      [
        "",
        `scikit-learn ${sk.sklearn} SGDRegressor.partial_fit (1 epoch), 1 thread`,
        sk.sgd_ms.slice(1),
        `MSE ${sk.sgd_mse.toFixed(4)}`,
      ],
      [
        "",
        `scikit-learn ${sk.sklearn} SGDRegressor.partial_fit (1 epoch), default threads`,
        skThreads.sgd_ms.slice(1),
        `MSE ${skThreads.sgd_mse.toFixed(4)}`,
      ],
    ] as const;
    console.log(
      `# streaming ML, per-batch training time: median and p90 of ${BATCHES - 1} batches (after 1 warm-up)`,
    );
    console.log(
      `node ${process.version}, tfjs wasm backend; /usr/bin/python3 with numpy ${sk.numpy}; ${os.cpus().length} cores, load average ${os.loadavg()[0]!.toFixed(1)}\n`,
    );
    console.log("| workload | implementation | median ms / batch | p90 ms | quality on the last batch |");
    console.log("| --- | --- | ---: | ---: | --- |");
    for (const [w, impl, ms, q] of rows)
      console.log(`| ${w} | ${impl} | ${median(ms).toFixed(2)} | ${p90(ms).toFixed(2)} | ${q} |`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
