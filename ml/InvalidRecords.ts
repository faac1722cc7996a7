import { IllegalArgumentError, type InvalidReason, InvalidRecordError } from "./errors";
import { LabeledPoint, parseVector } from "./LabeledPoint";
import { firstNonFinite, isVectorLike, type VectorLike } from "./linalg/vectors";

/** What a model does with a record it cannot use: throw (default) or drop it and count it. */
export type OnInvalid = "error" | "drop";

/** The records one batch dropped, by reason: a model's visible per-batch drop counter. */
export interface DroppedRecords {
  /** Batch time in ms. */
  timeMs: number;
  /** The operation that dropped them: "trainOn", "predictOn", "predictOnValues" or "evaluate". */
  operation: string;
  /** How many records of the batch were dropped (0 when none were). */
  dropped: number;
  /** Counts per reason. */
  byReason: Partial<Record<InvalidReason, number>>;
  /** The first dropped record's problem, to show what was wrong. */
  firstProblem?: string;
}

interface Rejection {
  reason: InvalidReason;
  detail: string;
}

/** What is wrong with a feature vector for a model of dimension `dim`; undefined when it is usable. */
export function vectorProblem(
  v: unknown,
  dim: number | undefined,
  // A function: the name is only built for a rejected record (formatting it for every valid one
  // would cost more than the checks).
  what: () => string = () => "Vector",
): Rejection | undefined {
  if (!isVectorLike(v)) {
    return {
      reason: "type",
      detail: `${what()} ${describe(v)} is not a vector: use a number array, Float64Array or Float32Array.`,
    };
  }
  if (dim !== undefined && v.length !== dim) {
    return {
      reason: "dimension",
      detail: `${what()} has ${v.length} features but the model has ${dim}: every vector must have the model's dimension.`,
    };
  }
  const bad = firstNonFinite(v);
  if (bad >= 0) {
    return {
      reason: "nonFinite",
      detail: `${what()} has ${v[bad]} at index ${bad}: features must be finite numbers (no NaN or Infinity).`,
    };
  }
  return undefined;
}

/**
 * What is wrong with a labelled point (its features, and its label: finite, and 0 or 1 when
 * `binary`); undefined when it is usable.
 */
export function labeledPointProblem(
  p: LabeledPoint,
  dim: number | undefined,
  binary: boolean,
): Rejection | undefined {
  if (!Number.isFinite(p.label)) {
    return {
      reason: "nonFinite",
      detail: `LabeledPoint ${p} has label ${p.label}: labels must be finite numbers.`,
    };
  }
  if (binary && p.label !== 0 && p.label !== 1) {
    return {
      reason: "label",
      detail: `LabeledPoint ${p} has label ${p.label}: logistic regression needs labels 0 or 1.`,
    };
  }
  return vectorProblem(p.features, dim, () => `LabeledPoint ${p}`);
}

/**
 * Validates one batch under a policy. With "error" the first bad record throws
 * InvalidRecordError before anything reaches the model; with "drop" bad records are left out
 * and counted. Strings are parsed (LabeledPoint text form, or `[f1,f2]` for vectors).
 */
export class BatchValidator {
  private readonly history: DroppedRecords[] = [];
  /** How many batches of drop counts are kept for droppedHistory(). */
  static readonly HISTORY = 10_000;

  /** Buffers vectorRows and labeledRows reuse from batch to batch (a 10,000 × 20 batch is 1.6 MB). */
  private readonly scratch: Float64Array[] = [];

  constructor(private readonly policy: () => OnInvalid) {}

  /**
   * Scratch buffer `slot` with room for `size` values: reused across batches, so a stream does
   * not hand the garbage collector megabytes per batch (its pauses showed in the p90 of bench/ml.ts).
   */
  private buffer(slot: number, size: number): Float64Array {
    let b = this.scratch[slot];
    if (!b || b.length < size || b.length > 4 * size + 4096) {
      b = new Float64Array(size);
      this.scratch[slot] = b;
    }
    return b;
  }

  points(
    records: readonly (LabeledPoint | string)[],
    dim: number | undefined,
    binary: boolean,
    timeMs: number,
    operation: string,
  ): LabeledPoint[] {
    return this.run(records, timeMs, operation, (r) => {
      // Fast path for the common case, without building a rejection for a valid point.
      if (r instanceof LabeledPoint && isUsablePoint(r, dim, binary)) return r;
      const p = typeof r === "string" ? LabeledPoint.parseOrNull(r) : r;
      if (p === null)
        return {
          reason: "parse",
          detail: `Cannot parse ${JSON.stringify(r)} as a LabeledPoint "(label,[f1,f2,...])".`,
        };
      if (!(p instanceof LabeledPoint)) {
        return {
          reason: "type",
          detail: `${describe(p)} is not a LabeledPoint: use new LabeledPoint(label, features).`,
        };
      }
      return labeledPointProblem(p, dim, binary) ?? p;
    });
  }

  vectors(
    records: readonly (VectorLike | string)[],
    dim: number | undefined,
    timeMs: number,
    operation: string,
  ): VectorLike[] {
    return this.run(records, timeMs, operation, (r) => {
      if (r instanceof Float64Array ? isUsableF64(r, dim) : Array.isArray(r) && isUsableArray(r, dim))
        return r as VectorLike;
      const v = typeof r === "string" ? parseVector(r) : r;
      if (v === null)
        return { reason: "parse", detail: `Cannot parse ${JSON.stringify(r)} as a vector "[f1,f2,...]".` };
      return vectorProblem(v, dim) ?? v;
    });
  }

  /**
   * vectors() for the kernels: the usable vectors packed into one row-major Float64Array in
   * the same pass that validates them (no per-record array or string for a valid record), `n`
   * rows of `dim`. Same policy, errors and drop counts as vectors(). X is this validator's
   * scratch buffer (longer than n rows, and reused by the next call): read it before then.
   */
  vectorRows(
    records: readonly (VectorLike | string)[],
    dim: number,
    timeMs: number,
    operation: string,
  ): { X: Float64Array; n: number } {
    const drops = this.drops(timeMs, operation);
    const X = this.buffer(0, records.length * dim);
    let n = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const at = n * dim;
      if (r instanceof Float64Array ? copyF64(r, dim, X, at) : Array.isArray(r) && copyArray(r, dim, X, at)) {
        n++;
        continue;
      }
      const v = typeof r === "string" ? parseVector(r) : r;
      const why =
        v === null
          ? {
              reason: "parse" as const,
              detail: `Cannot parse ${JSON.stringify(r)} as a vector "[f1,f2,...]".`,
            }
          : vectorProblem(v, dim);
      if (why) drops.reject(r, why);
      else X.set(v as VectorLike, n++ * dim);
    }
    drops.record();
    return { X, n };
  }

  /**
   * points() for the kernels: features packed into one row-major Float64Array X (n × dim)
   * and labels into y, validated in the same pass. Same policy, errors and drop counts as
   * points(). X and y are scratch buffers, as in vectorRows.
   */
  labeledRows(
    records: readonly (LabeledPoint | string)[],
    dim: number,
    binary: boolean,
    timeMs: number,
    operation: string,
  ): { X: Float64Array; y: Float64Array; n: number } {
    const drops = this.drops(timeMs, operation);
    const X = this.buffer(1, records.length * dim);
    const y = this.buffer(2, records.length);
    let n = 0;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (
        r instanceof LabeledPoint &&
        isUsableLabel(r.label, binary) &&
        copyF64(r.features, dim, X, n * dim)
      ) {
        y[n++] = r.label;
        continue;
      }
      const p = typeof r === "string" ? LabeledPoint.parseOrNull(r) : r;
      const why: Rejection | undefined =
        p === null
          ? {
              reason: "parse",
              detail: `Cannot parse ${JSON.stringify(r)} as a LabeledPoint "(label,[f1,f2,...])".`,
            }
          : !(p instanceof LabeledPoint)
            ? {
                reason: "type",
                detail: `${describe(p)} is not a LabeledPoint: use new LabeledPoint(label, features).`,
              }
            : labeledPointProblem(p, dim, binary);
      if (why) {
        drops.reject(r, why);
      } else {
        const ok = p as LabeledPoint;
        X.set(ok.features, n * dim);
        y[n++] = ok.label;
      }
    }
    drops.record();
    return { X, y, n };
  }

  /** Every batch's drop counts so far (the last HISTORY batches), oldest first. */
  droppedHistory(): readonly DroppedRecords[] {
    return this.history;
  }

  /** The drop counts of one batch and operation (zero counts when nothing was dropped). */
  droppedAt(timeMs: number, operation: string): DroppedRecords {
    const found = this.find(timeMs, operation);
    return found
      ? { ...found, byReason: { ...found.byReason } }
      : { timeMs, operation, dropped: 0, byReason: {} };
  }

  private find(timeMs: number, operation: string): DroppedRecords | undefined {
    for (let i = this.history.length - 1; i >= 0; i--) {
      const h = this.history[i]!;
      if (h.timeMs === timeMs && h.operation === operation) return h;
      if (h.timeMs < timeMs) break;
    }
    return undefined;
  }

  private run<R, T>(
    records: readonly R[],
    timeMs: number,
    operation: string,
    check: (r: R) => Rejection | T,
  ): T[] {
    const drops = this.drops(timeMs, operation);
    const kept: T[] = [];
    for (const r of records) {
      const out = check(r);
      if (isRejection(out)) drops.reject(r, out);
      else kept.push(out);
    }
    drops.record();
    return kept;
  }

  /** The policy applied record by record: throw on the first rejection, or count rejections per batch. */
  private drops(
    timeMs: number,
    operation: string,
  ): { reject: (r: unknown, why: Rejection) => void; record: () => void } {
    const onInvalid = this.policy();
    let dropped: DroppedRecords | undefined;
    return {
      reject: (r, why) => {
        if (onInvalid === "error") throw new InvalidRecordError(why.reason, `${operation}: ${why.detail}`, r);
        dropped ??= { timeMs, operation, dropped: 0, byReason: {}, firstProblem: why.detail };
        dropped.dropped++;
        dropped.byReason[why.reason] = (dropped.byReason[why.reason] ?? 0) + 1;
      },
      record: () => {
        if (!dropped) return;
        // Partitions of one batch are validated separately: they add up to one entry per batch.
        const same = this.find(timeMs, operation);
        if (same) {
          same.dropped += dropped.dropped;
          for (const [reason, n] of Object.entries(dropped.byReason) as [InvalidReason, number][]) {
            same.byReason[reason] = (same.byReason[reason] ?? 0) + n;
          }
        } else {
          this.history.push(dropped);
          if (this.history.length > BatchValidator.HISTORY) this.history.shift();
        }
      },
    };
  }
}

// Monomorphic checks (one per vector type) keep validation to a fraction of a millisecond per 10,000 points.
function isUsableF64(v: Float64Array, dim: number | undefined): boolean {
  if (dim !== undefined && v.length !== dim) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) return false;
  return true;
}

function isUsableArray(v: readonly unknown[], dim: number | undefined): boolean {
  if (dim !== undefined && v.length !== dim) return false;
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/** Copies a vector into `out` at `at` while checking it; false (with `out` partly written) when it is not usable. */
function copyF64(v: Float64Array, dim: number, out: Float64Array, at: number): boolean {
  if (v.length !== dim) return false;
  for (let i = 0; i < dim; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) return false;
    out[at + i] = x;
  }
  return true;
}

function copyArray(v: readonly unknown[], dim: number, out: Float64Array, at: number): boolean {
  if (v.length !== dim) return false;
  for (let i = 0; i < dim; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) return false;
    out[at + i] = x as number;
  }
  return true;
}

function isUsableLabel(l: number, binary: boolean): boolean {
  return Number.isFinite(l) && (!binary || l === 0 || l === 1);
}

function isUsablePoint(p: LabeledPoint, dim: number | undefined, binary: boolean): boolean {
  const l = p.label;
  return Number.isFinite(l) && (!binary || l === 0 || l === 1) && isUsableF64(p.features, dim);
}

function isRejection(x: unknown): x is Rejection {
  return (
    typeof x === "object" && x !== null && "reason" in x && "detail" in x && !(x instanceof LabeledPoint)
  );
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** Parses the policy argument of setOnInvalid, with the fix in the error. */
export function requireOnInvalid(value: string): OnInvalid {
  if (value !== "error" && value !== "drop") {
    throw new IllegalArgumentError(
      `setOnInvalid: expected "error" or "drop", got ${JSON.stringify(value)}. Fix: pass "error" to stop on bad records or "drop" to drop and count them.`,
    );
  }
  return value;
}
