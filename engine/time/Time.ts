import { Duration } from "./Duration";

/**
 * A point in stream time, in milliseconds since the epoch of the context's clock. Batch times
 * are multiples of the batch interval.
 *
 * @example
 * const t = new Time(2000);
 * t.minus(Seconds(1)).milliseconds; // 1000
 */
export class Time {
  constructor(readonly milliseconds: number) {}

  plus(d: Duration): Time {
    return new Time(this.milliseconds + d.milliseconds);
  }

  minus(d: Duration): Time {
    return new Time(this.milliseconds - d.milliseconds);
  }

  /** The duration from `earlier` to this time (must not be negative). */
  since(earlier: Time): Duration {
    return new Duration(this.milliseconds - earlier.milliseconds);
  }

  isMultipleOf(d: Duration): boolean {
    return this.milliseconds % d.milliseconds === 0;
  }

  /** The latest time at or before this one that is `zero` plus a multiple of `d`. */
  floor(d: Duration, zero: Time = new Time(0)): Time {
    const offset = this.milliseconds - zero.milliseconds;
    return new Time(zero.milliseconds + Math.floor(offset / d.milliseconds) * d.milliseconds);
  }

  equals(other: Time): boolean {
    return this.milliseconds === other.milliseconds;
  }

  lessThan(other: Time): boolean {
    return this.milliseconds < other.milliseconds;
  }

  lessOrEqual(other: Time): boolean {
    return this.milliseconds <= other.milliseconds;
  }

  greaterThan(other: Time): boolean {
    return this.milliseconds > other.milliseconds;
  }

  /** Times from this one up to `end` (inclusive) in steps of `step`. */
  to(end: Time, step: Duration): Time[] {
    const out: Time[] = [];
    for (let t = this.milliseconds; t <= end.milliseconds; t += step.milliseconds) out.push(new Time(t));
    return out;
  }

  toString(): string {
    return `${this.milliseconds} ms`;
  }
}
