/**
 * A seeded generator (mulberry32) with Gaussian draws: random centres, mini-batch sampling and
 * k-means initialisation must repeat for a given seed, which Math.random() cannot promise.
 * MLlib uses its own XORShiftRandom; the draws differ, the distributions do not.
 */
export class SeededRandom {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    // Fold doubles and large seeds into 32 bits so every finite seed gives its own stream.
    this.state = (Math.floor(seed) ^ Math.floor(seed / 4294967296)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextDouble(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextDouble() * n);
  }

  /** Standard normal (Box-Muller, keeping the second draw). */
  nextGaussian(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.nextDouble();
    const v = this.nextDouble();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
