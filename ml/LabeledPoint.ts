import { LabeledPointParseError } from "./errors";
import { toFloat64, type VectorLike } from "./linalg/vectors";

/**
 * A labelled example, MLlib's `LabeledPoint(label, features)`. Features are copied into a
 * Float64Array, so later changes to the caller's array cannot reach a model.
 *
 * @example
 * const p = new LabeledPoint(1, [2.5, -1]);
 * p.toString();                          // "(1.0,[2.5,-1.0])"
 * LabeledPoint.parse("(1.0,[2.5,-1.0])"); // the same point
 */
export class LabeledPoint {
  readonly features: Float64Array;

  constructor(
    readonly label: number,
    features: VectorLike,
  ) {
    this.features = toFloat64(features);
  }

  /** MLlib's text form, `(label,[f1,f2,...])`, with doubles printed as Scala prints them. */
  toString(): string {
    return `(${formatDouble(this.label)},[${Array.from(this.features, formatDouble).join(",")}])`;
  }

  /**
   * Parses MLlib's text forms: dense `(label,[f1,f2])`, sparse `(label,(size,[i1,i2],[v1,v2]))`,
   * and the legacy `label,f1 f2`. Throws LabeledPointParseError on anything else.
   * @example sc.textFile("points.txt").map(LabeledPoint.parse)
   */
  static parse(line: string): LabeledPoint {
    const p = LabeledPoint.parseOrNull(line);
    if (!p) throw new LabeledPointParseError(line);
    return p;
  }

  /** Like parse, but null for a line it cannot read (to filter out bad lines). */
  static parseOrNull(line: string): LabeledPoint | null {
    const s = line.trim();
    if (s.startsWith("(")) {
      const dense = /^\(\s*([^,\s()[\]]+)\s*,\s*\[([^\]]*)\]\s*\)$/.exec(s);
      if (dense) {
        const label = parseNumber(dense[1]!);
        const features = parseList(dense[2]!);
        return label === undefined || !features ? null : new LabeledPoint(label, features);
      }
      const sparse =
        /^\(\s*([^,\s()[\]]+)\s*,\s*\(\s*(\d+)\s*,\s*\[([^\]]*)\]\s*,\s*\[([^\]]*)\]\s*\)\s*\)$/.exec(s);
      if (sparse) {
        const label = parseNumber(sparse[1]!);
        const size = Number(sparse[2]);
        const indices = parseList(sparse[3]!);
        const values = parseList(sparse[4]!);
        if (label === undefined || !indices || !values || indices.length !== values.length) return null;
        const features = new Float64Array(size);
        for (let i = 0; i < indices.length; i++) {
          const at = indices[i]!;
          if (!Number.isInteger(at) || at < 0 || at >= size) return null;
          features[at] = values[i]!;
        }
        return new LabeledPoint(label, features);
      }
      return null;
    }
    const legacy = /^([^,\s]+)\s*,\s*(.*)$/.exec(s);
    if (!legacy) return null;
    const label = parseNumber(legacy[1]!);
    const parts = legacy[2]!.trim() === "" ? [] : legacy[2]!.trim().split(/\s+/);
    const features = parts.map(parseNumber);
    if (label === undefined || features.some((f) => f === undefined)) return null;
    return new LabeledPoint(label, features as number[]);
  }
}

/** Parses a dense vector's text form `[f1,f2,...]` (MLlib's Vectors.parse), or null. */
export function parseVector(text: string): Float64Array | null {
  const m = /^\s*\[([^\]]*)\]\s*$/.exec(text);
  const values = m ? parseList(m[1]!) : undefined;
  return values ? Float64Array.from(values) : null;
}

function parseNumber(text: string): number | undefined {
  const t = text.trim();
  // Number("") is 0 and Number(" ") too: an empty field is an error, not a zero.
  if (t === "") return undefined;
  const lower = t.toLowerCase();
  if (lower === "nan") return Number.NaN;
  if (lower === "infinity" || lower === "inf") return Number.POSITIVE_INFINITY;
  if (lower === "-infinity" || lower === "-inf") return Number.NEGATIVE_INFINITY;
  const n = Number(t);
  return Number.isNaN(n) ? undefined : n;
}

function parseList(text: string): number[] | undefined {
  if (text.trim() === "") return [];
  const out: number[] = [];
  for (const part of text.split(",")) {
    const n = parseNumber(part);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** 1 → "1.0", as Scala's Double.toString, so text written here reads back in Spark. */
export function formatDouble(x: number): string {
  return Number.isInteger(x) && Math.abs(x) < 1e21 ? `${x}.0` : String(x);
}
