import type { RowSource } from "./RowSource";

/**
 * The least-squares kernel: S = [X y]ᵀ[X y] of `n` rows [x, y] of d features and a label, as a
 * (d + 1) × (d + 1) row-major Float64Array. S holds everything full-batch least squares needs:
 * XᵀX (top left d × d), Xᵀy (last column) and yᵀy (last entry). Undefined when `rows` cannot
 * give a row. Implementations: gramReference (the oracle) and gramWasm, which backend.ts runs.
 */
export type GramKernel = (rows: RowSource, n: number, d: number) => Float64Array | undefined;
