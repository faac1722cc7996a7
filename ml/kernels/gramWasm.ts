import type { GramKernel } from "./GramKernel";
import { BLOCK_ROWS } from "./RowSource";
import { FunctionBody, instantiate, op, valtype } from "./wasm";

/**
 * The Gram kernel as a WebAssembly SIMD function (f64x2), in float64. A batch is read in blocks
 * of BLOCK_ROWS rows [x, y], row-major, each row padded to a multiple of four columns (mp), so
 * a LabeledPoint is copied with one Float64Array.prototype.set. The kernel sums every 4 × 4 tile
 * of the block's upper triangle over the block's rows, in order, with the tile's sums in eight
 * registers (four broadcasts and two loads feed eight multiply-adds per row), then adds the
 * tile to S.
 *
 * Against gramReference: the same products, summed in another order (within a block, then
 * block after block), so equal to rounding; S is symmetric.
 *
 * @example
 * gramWasm(labeledRecords(batch, 20, false), batch.length, 20); // 21 × 21, or undefined if a record is unusable
 */
export const gramWasm: GramKernel = (rows, n, d) => {
  const m = d + 1;
  const mp = (m + 3) & ~3;
  const kernel = kernelFor(mp);
  // The rows' padding columns need no zeroing: whatever they hold reaches only the entries of S
  // past m, which are not read.
  kernel.S.fill(0);
  const block = { start: 0, len: 0, out: kernel.rows, stride: mp };
  for (; block.start < n; block.start += BLOCK_ROWS) {
    block.len = Math.min(BLOCK_ROWS, n - block.start);
    if (!rows(block)) return undefined;
    kernel.run(block.len);
  }
  const S = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const v = kernel.S[i * mp + j]!;
      S[i * m + j] = v;
      S[j * m + i] = v;
    }
  }
  return S;
};

/** A kernel for rows of mp columns: its block of rows, its S (mp × mp) and run(rows). */
interface Kernel {
  rows: Float64Array;
  S: Float64Array;
  run(rows: number): void;
}

const kernels = new Map<number, Kernel>();

function kernelFor(mp: number): Kernel {
  let kernel = kernels.get(mp);
  if (kernel) return kernel;
  const sAt = BLOCK_ROWS * mp * 8;
  const m = instantiate(1, sAt + mp * mp * 8, body(mp, sAt));
  kernel = {
    rows: new Float64Array(m.memory, 0, BLOCK_ROWS * mp),
    S: new Float64Array(m.memory, sAt, mp * mp),
    run: m.run,
  };
  kernels.set(mp, kernel);
  return kernel;
}

/**
 * `run(rows)`: for every tile i, j (multiples of 4, j ≥ i), adds Σ_r z[r][i..i+3]ᵀ·z[r][j..j+3]
 * over the block's rows to S[i..i+3][j..j+3]. Row r is z[r], mp float64 from byte r·mp·8; S is
 * at byte `sAt`. Lanes run along j, the four z[r][i..i+3] broadcast. The diagonal tiles also
 * get their entries below the diagonal; the caller reads the upper triangle only.
 */
function body(mp: number, sAt: number): FunctionBody {
  const rows = 0;
  const rowBytes = mp * 8;
  // i32: i, j, q (the address of z[r][i]), q2 (of z[r][j]), qEnd, o; v128: x0..x3
  // (broadcast z[r][i..i+3]), c0, c1 (z[r][j..j+3]), acc (a, k) at 2a + k.
  const [i, j, q, q2, qEnd, o] = [1, 2, 3, 4, 5, 6];
  const x = [7, 8, 9, 10];
  const c = [11, 12];
  const acc = [13, 14, 15, 16, 17, 18, 19, 20];
  const f = new FunctionBody([
    [6, valtype.I32],
    [14, valtype.V128],
  ]);
  f.i32(0).set(i).op(op.BLOCK, op.LOOP).get(i).i32(mp).op(op.I32_GE_S, op.BR_IF, 1);
  f.get(i).set(j).op(op.BLOCK, op.LOOP).get(j).i32(mp).op(op.I32_GE_S, op.BR_IF, 1);
  for (const a of acc) f.op(op.V128_CONST, new Array(16).fill(0)).set(a);
  // q = i·8, q2 = j·8, qEnd = rows·rowBytes + q
  f.get(i).i32(8).op(op.I32_MUL).set(q);
  f.get(j).i32(8).op(op.I32_MUL).set(q2);
  f.get(rows).i32(rowBytes).op(op.I32_MUL).get(q).op(op.I32_ADD).set(qEnd);
  f.op(op.BLOCK, op.LOOP).get(q).get(qEnd).op(op.I32_GE_S, op.BR_IF, 1);
  for (let a = 0; a < 4; a++)
    f.get(q)
      .mem(op.V128_LOAD64_SPLAT, 3, 8 * a)
      .set(x[a]!);
  for (let k = 0; k < 2; k++)
    f.get(q2)
      .mem(op.V128_LOAD, 3, 16 * k)
      .set(c[k]!);
  for (let a = 0; a < 4; a++) {
    for (let k = 0; k < 2; k++) {
      const s = acc[2 * a + k]!;
      f.get(s).get(x[a]!).get(c[k]!).op(op.F64X2_MUL, op.F64X2_ADD).set(s);
    }
  }
  f.get(q).i32(rowBytes).op(op.I32_ADD).set(q);
  f.get(q2).i32(rowBytes).op(op.I32_ADD).set(q2);
  f.op(op.BR, 0, op.END, op.END);
  // S[i + a][j .. j+3] += acc: o = sAt + (i·mp + j)·8, then one row of S per a.
  f.get(i).i32(mp).op(op.I32_MUL).get(j).op(op.I32_ADD).i32(8).op(op.I32_MUL).i32(sAt).op(op.I32_ADD).set(o);
  for (let a = 0; a < 4; a++) {
    for (let k = 0; k < 2; k++) {
      f.get(o)
        .get(o)
        .mem(op.V128_LOAD, 3, 16 * k)
        .get(acc[2 * a + k]!)
        .op(op.F64X2_ADD);
      f.mem(op.V128_STORE, 3, 16 * k);
    }
    f.get(o).i32(rowBytes).op(op.I32_ADD).set(o);
  }
  f.get(j).i32(4).op(op.I32_ADD).set(j).op(op.BR, 0, op.END, op.END);
  f.get(i).i32(4).op(op.I32_ADD).set(i).op(op.BR, 0, op.END, op.END, op.END);
  return f;
}
