import { InvalidDurationError } from "../errors";

/**
 * A span of time in whole milliseconds. Durations are values, never bare numbers, so a batch
 * interval of `1000` cannot be confused with one of `1000` seconds.
 *
 * @example
 * const batch = Seconds(1);
 * batch.times(3).equals(Milliseconds(3000)); // true
 */
export class Duration {
  readonly milliseconds: number;

  constructor(milliseconds: number) {
    if (!Number.isInteger(milliseconds) || milliseconds < 0) {
      throw new InvalidDurationError(
        `A duration must be a whole, non-negative number of milliseconds; got ${milliseconds}. ` +
          "Fix: use Milliseconds(n), Seconds(n) or Minutes(n) with n >= 0 and a whole number of ms.",
      );
    }
    this.milliseconds = milliseconds;
  }

  plus(other: Duration): Duration {
    return new Duration(this.milliseconds + other.milliseconds);
  }

  minus(other: Duration): Duration {
    return new Duration(this.milliseconds - other.milliseconds);
  }

  times(n: number): Duration {
    return new Duration(this.milliseconds * n);
  }

  /** How many times `other` fits in this duration (a plain ratio). */
  div(other: Duration): number {
    return this.milliseconds / other.milliseconds;
  }

  isMultipleOf(other: Duration): boolean {
    return other.milliseconds > 0 && this.milliseconds % other.milliseconds === 0;
  }

  isZero(): boolean {
    return this.milliseconds === 0;
  }

  equals(other: Duration): boolean {
    return this.milliseconds === other.milliseconds;
  }

  lessThan(other: Duration): boolean {
    return this.milliseconds < other.milliseconds;
  }

  greaterThan(other: Duration): boolean {
    return this.milliseconds > other.milliseconds;
  }

  max(other: Duration): Duration {
    return this.milliseconds >= other.milliseconds ? this : other;
  }

  toString(): string {
    return `${this.milliseconds} ms`;
  }
}

/** @example Milliseconds(100) — the shortest practical batch interval. */
export function Milliseconds(ms: number): Duration {
  return new Duration(ms);
}

/** @example new StreamingContext(sc, Seconds(1)) */
export function Seconds(s: number): Duration {
  return new Duration(wholeMs(s * 1000));
}

/** @example stream.window(Minutes(1), Seconds(10)) */
export function Minutes(m: number): Duration {
  return new Duration(wholeMs(m * 60_000));
}

// 1.005 * 1000 is 1004.9999999999999 in binary floating point: a product within rounding error of
// a whole millisecond means that millisecond. Real fractions (Seconds(0.0015)) are left for the
// Duration constructor to reject.
function wholeMs(ms: number): number {
  const rounded = Math.round(ms);
  return Math.abs(ms - rounded) <= 1e-9 * Math.max(1, Math.abs(ms)) ? rounded : ms;
}

/** Throws unless `d` is a Duration: catches `window(30, 10)` written in place of Seconds(30). */
export function requireDuration(d: unknown, what: string): Duration {
  if (d instanceof Duration) return d;
  throw new InvalidDurationError(
    `${what} must be a Duration, got ${typeof d === "number" ? `the number ${d}` : String(d)}. ` +
      "Fix: wrap it, e.g. Seconds(10) or Milliseconds(500).",
  );
}

/** Throws unless `d` is a positive multiple of `unit`. */
export function requireMultiple(d: Duration, unit: Duration, what: string, unitName: string): void {
  if (d.isZero() || !d.isMultipleOf(unit)) {
    throw new InvalidDurationError(
      `${what} (${d}) must be a positive multiple of ${unitName} (${unit}). ` +
        `Fix: use ${unit.milliseconds} ms times a whole number, e.g. ${unit.times(2)}.`,
    );
  }
}
