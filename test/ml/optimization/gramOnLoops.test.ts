import { describe, expect, it, vi } from "vitest";
import { GRAM_CHUNK, gramOfPoints } from "../../../ml/optimization/gram";
import { linearInput } from "../generators";

// The JS loops run only where WebAssembly SIMD is missing (not on Node 20): the kernel is
// switched off here, per test, to check them against it.
const state = vi.hoisted(() => ({ loops: false }));
vi.mock("../../../ml/optimization/gramKernel", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../../ml/optimization/gramKernel")>();
  return { ...actual, gramKernel: () => (state.loops ? null : actual.gramKernel()) };
});

describe("Gram matrix fallback without WebAssembly SIMD (the JS loops)", () => {
  // d + 1 odd and even, below, at and above a multiple of the kernel's four columns; more than
  // one block and a partial last one.
  for (const d of [3, 4, 6, 20]) {
    it(`d ${d}: gives the kernel's S bit for bit`, () => {
      const truth = Array.from({ length: d }, (_, j) => 1 + j);
      const points = linearInput(0.5, truth, 2 * GRAM_CHUNK + 37, 5);
      state.loops = false;
      const kernel = gramOfPoints(points, d, false)!;
      state.loops = true;
      try {
        const loops = gramOfPoints(points, d, false)!;
        expect(loops.n).toBe(kernel.n);
        expect(Array.from(loops.S)).toEqual(Array.from(kernel.S));
        expect(loops.S.some((v) => v !== 0)).toBe(true);
      } finally {
        state.loops = false;
      }
    });
  }
});
