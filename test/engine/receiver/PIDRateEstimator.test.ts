import { describe, expect, it } from "vitest";
import { IllegalArgumentError, PIDRateEstimator } from "../../../engine";

// Every expected value below is Spark's formula worked by hand:
//   processingRate = n / processingDelay · 1000
//   error = latestRate − processingRate
//   historicalError = schedulingDelay · processingRate / batchInterval
//   dError = (error − latestError) / (seconds since the last update)
//   rate = max(latestRate − kp·error − ki·historicalError − kd·dError, minRate)
describe("PIDRateEstimator (Spark's backpressure formula)", () => {
  it("has Spark's defaults: proportional 1.0, integral 0.2, derivative 0, minRate 100", () => {
    const pid = new PIDRateEstimator(1000);
    expect([pid.proportional, pid.integral, pid.derivative, pid.minRate]).toEqual([1, 0.2, 0, 100]);
  });

  it("proposes nothing on the first batch; it calibrates on its processing rate", () => {
    const pid = new PIDRateEstimator(1000);
    expect(pid.compute(1000, 10_000, 2000, 0)).toBeUndefined(); // processing rate 5,000/s
    // Same speed again, no delay: error 0, so the calibrated 5,000/s stands.
    expect(pid.compute(2000, 5000, 1000, 0)).toBe(5000);
  });

  it("follows a slower pipeline, and lowers the rate further for the scheduling delay", () => {
    const pid = new PIDRateEstimator(1000);
    pid.compute(1000, 10_000, 2000, 0); // latestRate 5000, latestError 0
    // rate 2500/s: error 2500, historical 1000·2500/1000 = 2500 → 5000 − 2500 − 0.2·2500 = 2000
    expect(pid.compute(2000, 5000, 2000, 1000)).toBe(2000);
    // rate 2000/800·1000 = 2500: error −500, historical 500·2500/1000 = 1250 → 2000 + 500 − 250 = 2250
    expect(pid.compute(3000, 2000, 800, 500)).toBe(2250);
  });

  it("uses the derivative term when asked: the change of the error per second", () => {
    const pid = new PIDRateEstimator(1000, { derivative: 0.5 });
    pid.compute(1000, 10_000, 2000, 0);
    // error 2500, historical 2500, dError (2500 − 0)/1 = 2500 → 5000 − 2500 − 500 − 1250 = 750
    expect(pid.compute(2000, 5000, 2000, 1000)).toBe(750);
    // error 750 − 2500 = −1750, historical 1250, dError (−1750 − 2500)/1 = −4250
    // → 750 + 1750 − 250 + 2125 = 4375
    expect(pid.compute(3000, 2000, 800, 500)).toBe(4375);
  });

  it("divides the derivative by the real time since the last update", () => {
    const pid = new PIDRateEstimator(1000, { proportional: 0, integral: 0, derivative: 1 });
    pid.compute(1000, 10_000, 2000, 0); // latestRate 5000, latestError 0
    // 4 s later, rate 2500: error 2500, dError 2500/4 = 625 → 5000 − 625 = 4375
    expect(pid.compute(5000, 5000, 2000, 0)).toBe(4375);
  });

  it("never goes below minRate", () => {
    const pid = new PIDRateEstimator(1000, { minRate: 300 });
    pid.compute(1000, 10_000, 1000, 0); // 10,000/s
    // 100/s with a long delay: 10000 − 9900 − 0.2·(5000·100/1000) = 0 → 300
    expect(pid.compute(2000, 100, 1000, 5000)).toBe(300);
  });

  it("skips batches with no records, no processing time, or a time not after the last", () => {
    const pid = new PIDRateEstimator(1000);
    pid.compute(1000, 10_000, 2000, 0);
    expect(pid.compute(2000, 0, 2000, 0)).toBeUndefined();
    expect(pid.compute(2000, 100, 0, 0)).toBeUndefined();
    expect(pid.compute(1000, 100, 10, 0)).toBeUndefined();
    // Skipped batches changed nothing: the next real one still starts from 5000/s.
    expect(pid.compute(3000, 5000, 1000, 0)).toBe(5000);
  });

  it("rejects gains and floors outside Spark's ranges, naming the rule and the fix", () => {
    expect(() => new PIDRateEstimator(0)).toThrow(/batch interval \(0 ms\) must be positive/);
    expect(() => new PIDRateEstimator(1000, { integral: -1 })).toThrow(IllegalArgumentError);
    expect(() => new PIDRateEstimator(1000, { minRate: 0 })).toThrow(/minRate \(0\) must be above 0.*Fix/);
  });
});
