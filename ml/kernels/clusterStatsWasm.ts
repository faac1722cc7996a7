import type { ClusterStatsKernel } from "./ClusterStats";
import { BLOCK_ROWS } from "./RowSource";
import { shiftedCenters } from "./shiftedCenters";
import { FunctionBody, instantiate, op, valtype } from "./wasm";

/**
 * The k-means kernel as a WebAssembly SIMD function assembled for one (k, d), in float64.
 * Centres go in pairs (f64x2) and the loops over centres and features are unrolled, so a row's
 * k partial distances stay in registers. For every row x of a block: s_c = b_c + Σ_j x_j·Ct[j][c]
 * (shiftedCenters.ts), the first smallest s_c is the closest centre (MLlib's findClosest tie
 * rule), x is added to that centre's sums, and max(0, s_c + ‖x − s‖²) to the cost.
 *
 * Against clusterStatsReference: the same assignments (but for distances within rounding of a
 * tie), the same counts, the same sums bit for bit (each centre's sum adds its rows in order),
 * and the cost to rounding (a distance is expanded around the centres' mean rather than summed
 * as squared differences).
 *
 * @example
 * clusterStatsWasm(vectorRecords(batch, 10), batch.length, centers); // undefined if a record is not a Float64Array of 10
 */
export const clusterStatsWasm: ClusterStatsKernel = (rows, n, centers) => {
  const k = centers.length;
  const d = centers[0]!.length;
  const kernel = kernelFor(k, d);
  const { shift, Ct, b } = shiftedCenters(centers);
  const { kp } = kernel;
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < kp; c++) kernel.Ct[j * kp + c] = c < k ? Ct[j * k + c]! : 0;
  }
  // A padding centre (k odd) has b = +Infinity, so it is never the smallest.
  for (let c = 0; c < kp; c++) kernel.b[c] = c < k ? b[c]! : Number.POSITIVE_INFINITY;
  kernel.shift.set(shift);
  kernel.sums.fill(0);
  kernel.counts.fill(0);
  let cost = 0;
  const block = { start: 0, len: 0, out: kernel.rows, stride: d };
  for (; block.start < n; block.start += BLOCK_ROWS) {
    block.len = Math.min(BLOCK_ROWS, n - block.start);
    if (!rows(block)) return undefined;
    kernel.run(block.len);
    cost += kernel.cost[0]!;
  }
  return { sums: kernel.sums.slice(), counts: kernel.counts.slice(), cost };
};

/** A kernel for one (k, d): views on its memory and run(rows). */
interface Kernel {
  kp: number;
  /** Inputs: −2·c' (d × kp, centre c in column c), b (kp) and the centres' mean s (d). */
  Ct: Float64Array;
  b: Float64Array;
  shift: Float64Array;
  /** The block of rows to assign (BLOCK_ROWS × d). */
  rows: Float64Array;
  /** Outputs: per-centre sums (k × d) and counts (k), added to by every run; the last run's cost. */
  sums: Float64Array;
  counts: Float64Array;
  cost: Float64Array;
  run(rows: number): void;
}

/** Byte offsets of the kernel's arrays in its memory, each 16-byte aligned. */
function layout(k: number, d: number) {
  const kp = k + (k & 1);
  const sizes = { Ct: d * kp, b: kp, shift: d, sums: k * d, counts: k, cost: 1, rows: BLOCK_ROWS * d };
  const at = {} as Record<keyof typeof sizes, number>;
  let end = 0;
  for (const [key, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
    at[key] = end;
    end += Math.ceil((size * 8) / 16) * 16;
  }
  return { kp, sizes, at, end };
}

const kernels = new Map<string, Kernel>();

/** The kernel for (k, d), assembled on first use. */
function kernelFor(k: number, d: number): Kernel {
  const key = `${k},${d}`;
  let kernel = kernels.get(key);
  if (kernel) return kernel;
  const { kp, sizes, at, end } = layout(k, d);
  const m = instantiate(1, end, body(k, d, at));
  const view = (name: keyof typeof sizes) => new Float64Array(m.memory, at[name], sizes[name]);
  kernel = {
    kp,
    Ct: view("Ct"),
    b: view("b"),
    shift: view("shift"),
    rows: view("rows"),
    sums: view("sums"),
    counts: view("counts"),
    cost: view("cost"),
    run: m.run,
  };
  kernels.set(key, kernel);
  return kernel;
}

function body(k: number, d: number, at: ReturnType<typeof layout>["at"]): FunctionBody {
  const kp = k + (k & 1);
  const q = kp / 2;
  // i32: n (the parameter), r, p (the row's address), cond, best, o; f64: min, v, xx, x, t,
  // cost; v128: xj, then one accumulator per pair of centres.
  const [n, r, p, cond, best, o, min, v, xx, x, t, cost, xj] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const acc = (i: number) => 13 + i;
  const f = new FunctionBody([
    [5, valtype.I32],
    [6, valtype.F64],
    [1 + q, valtype.V128],
  ]);
  f.i32(0).set(r).i32(at.rows).set(p).f64(0).set(cost);
  f.op(op.BLOCK, op.LOOP).get(r).get(n).op(op.I32_GE_S, op.BR_IF, 1);
  // acc_i = (b_2i, b_2i+1) + Σ_j x_j · (Ct[j][2i], Ct[j][2i+1])
  for (let i = 0; i < q; i++)
    f.i32(0)
      .mem(op.V128_LOAD, 3, at.b + 16 * i)
      .set(acc(i));
  for (let j = 0; j < d; j++) {
    f.get(p)
      .mem(op.F64_LOAD, 3, 8 * j)
      .op(op.F64X2_SPLAT)
      .set(xj);
    for (let i = 0; i < q; i++) {
      f.get(acc(i))
        .get(xj)
        .i32(0)
        .mem(op.V128_LOAD, 3, at.Ct + 8 * (j * kp + 2 * i));
      f.op(op.F64X2_MUL, op.F64X2_ADD).set(acc(i));
    }
  }
  // The first smallest: v = s_c; cond = v < min; best = cond ? c : best; min = cond ? v : min.
  f.f64(Number.POSITIVE_INFINITY).set(min).i32(0).set(best);
  for (let c = 0; c < k; c++) {
    f.get(acc(c >> 1))
      .op(op.F64X2_EXTRACT_LANE, c & 1)
      .tee(v)
      .get(min)
      .op(op.F64_LT)
      .set(cond);
    f.i32(c).get(best).get(cond).op(op.SELECT).set(best);
    f.get(v).get(min).get(cond).op(op.SELECT).set(min);
  }
  // sums[best] += x and xx = Σ_j (x_j − s_j)², feature by feature.
  f.get(best)
    .i32(8 * d)
    .op(op.I32_MUL)
    .set(o)
    .f64(0)
    .set(xx);
  for (let j = 0; j < d; j++) {
    f.get(p)
      .mem(op.F64_LOAD, 3, 8 * j)
      .set(x);
    f.get(o)
      .get(o)
      .mem(op.F64_LOAD, 3, at.sums + 8 * j)
      .get(x)
      .op(op.F64_ADD)
      .mem(op.F64_STORE, 3, at.sums + 8 * j);
    f.get(x)
      .i32(0)
      .mem(op.F64_LOAD, 3, at.shift + 8 * j)
      .op(op.F64_SUB)
      .set(t);
    f.get(xx).get(t).get(t).op(op.F64_MUL, op.F64_ADD).set(xx);
  }
  // counts[best] += 1; cost += max(0, min + xx)
  f.get(best).i32(8).op(op.I32_MUL).tee(o).get(o).mem(op.F64_LOAD, 3, at.counts).f64(1).op(op.F64_ADD);
  f.mem(op.F64_STORE, 3, at.counts);
  f.get(cost).f64(0).get(min).get(xx).op(op.F64_ADD, op.F64_MAX, op.F64_ADD).set(cost);
  f.get(r)
    .i32(1)
    .op(op.I32_ADD)
    .set(r)
    .get(p)
    .i32(8 * d)
    .op(op.I32_ADD)
    .set(p);
  f.op(op.BR, 0, op.END, op.END);
  f.i32(0).get(cost).mem(op.F64_STORE, 3, at.cost).op(op.END);
  return f;
}
