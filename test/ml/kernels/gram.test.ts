import { beforeAll, describe, expect, it } from "vitest";
import { LabeledPoint, ready } from "../../../ml";
import type { GramKernel } from "../../../ml/kernels/GramKernel";
import { gramReference } from "../../../ml/kernels/gramReference";
import { gramWasm } from "../../../ml/kernels/gramWasm";
import { BLOCK_ROWS, labeledRecords, packedLabeledRows } from "../../../ml/kernels/RowSource";
import { linearInput } from "../generators";
import { pack } from "../pack";

beforeAll(() => ready());

// More than two blocks and a partial, odd-length last one.
const N = 2 * BLOCK_ROWS + 37;

/** Rows [x, y] of `points`, and of their absolute values (whose Gram is Σ|z_i·z_j|, the scale of the rounding). */
function rowsOf(points: LabeledPoint[], d: number) {
  const { X, y } = pack(points, d);
  const abs = (a: Float64Array) => a.map(Math.abs);
  return { rows: packedLabeledRows(X, y, d), absRows: packedLabeledRows(abs(X), abs(y), d) };
}

// The tolerance, relative to Σ|z_i·z_j| of each entry, and its reason (measured: 2e-15): the
// WebAssembly kernel sums a block's rows, then adds the block to S: the same float64 products
// as the reference in another order, each order within N·ε (N = 549, ε = 1.1e-16) of the exact sum.
const fastPaths: [string, GramKernel, number][] = [["WebAssembly SIMD", gramWasm, 1e-13]];

describe("the Gram kernel [X y]ᵀ[X y]: every fast path against the reference", () => {
  for (const [name, kernel, tolerance] of fastPaths) {
    // d + 1 odd and even, below, at and above a multiple of the WebAssembly kernel's four columns.
    for (const d of [3, 4, 6, 20, 40]) {
      it(`${name}, d ${d}: each entry within ${tolerance}·Σ|z_i·z_j| of the reference, symmetric`, () => {
        const truth = Array.from({ length: d }, (_, j) => j - d / 2);
        const { rows, absRows } = rowsOf(linearInput(0.5, truth, N, 11 + d), d);
        const got = kernel(rows, N, d)!;
        const want = gramReference(rows, N, d)!;
        const scale = gramReference(absRows, N, d)!;
        const m = d + 1;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < m; j++) {
            expect(Math.abs(got[i * m + j]! - want[i * m + j]!)).toBeLessThanOrEqual(
              tolerance * scale[i * m + j]!,
            );
            expect(got[i * m + j]).toBe(got[j * m + i]);
          }
        }
      });
    }

    it(`${name}: undefined when a record is not a usable LabeledPoint, wherever it is in the batch`, () => {
      const points = linearInput(0, [1, 2, 3], N, 3);
      const at = BLOCK_ROWS + 5; // in the second block, after one block was already summed
      const bad: unknown[] = [
        "(1.0,[1,2,3])",
        { label: 1, features: [1, 2, 3] },
        new LabeledPoint(1, [1, 2]),
        new LabeledPoint(Number.NaN, [1, 2, 3]),
        new LabeledPoint(Number.POSITIVE_INFINITY, [1, 2, 3]),
      ];
      expect(kernel(labeledRecords(points, 3, false), N, 3)).toBeDefined();
      for (const record of bad) {
        const batch: unknown[] = [...points];
        batch[at] = record;
        expect(kernel(labeledRecords(batch, 3, false), N, 3)).toBeUndefined();
      }
      // Binary labels (logistic regression's rule): 0 and 1 pass, 2 does not.
      const binary = points.map((p, i) => new LabeledPoint(i % 2, p.features));
      expect(kernel(labeledRecords(binary, 3, true), N, 3)).toBeDefined();
      binary[at] = new LabeledPoint(2, [1, 2, 3]);
      expect(kernel(labeledRecords(binary, 3, true), N, 3)).toBeUndefined();
    });

    it(`${name}: an empty batch gives a zero matrix`, () => {
      expect(Array.from(kernel(labeledRecords([], 3, false), 0, 3)!)).toEqual(new Array(16).fill(0));
    });
  }

  it("WebAssembly: LabeledPoints straight from the batch give the same S, bit for bit, as their packed rows", () => {
    const points = linearInput(0.5, [1, -2, 3, 0.5], N, 5);
    const { rows } = rowsOf(points, 4);
    expect(gramWasm(labeledRecords(points, 4, false), N, 4)).toEqual(gramWasm(rows, N, 4));
  });

  it("WebAssembly: values left in a row's padding by a wider batch (NaN even) do not reach S", () => {
    // d 6 and d 4 share the padded width 8: d 6 writes columns 5 and 6, which d 4 leaves as they are.
    const wide = linearInput(0, [1, 2, 3, 4, 5, 6], N, 8);
    wide[3] = new LabeledPoint(1, [1, 2, 3, 4, Number.NaN, 6]);
    gramWasm(labeledRecords(wide, 6, false), N, 6);
    const { rows } = rowsOf(linearInput(0, [1, 2, 3, 4], N, 9), 4);
    const got = gramWasm(rows, N, 4)!;
    const want = gramReference(rows, N, 4)!;
    got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-9 * Math.abs(want[i]!) + 1e-9));
  });

  it("WebAssembly: a NaN or infinite feature shows on S's diagonal (how training knows to validate)", () => {
    const points = linearInput(0, [1, 2, 3], N, 6);
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY]) {
      const batch = [...points];
      batch[300] = new LabeledPoint(1, [1, bad, 3]);
      expect(Number.isFinite(gramWasm(labeledRecords(batch, 3, false), N, 3)![1 * 4 + 1]!)).toBe(false);
    }
  });
});
