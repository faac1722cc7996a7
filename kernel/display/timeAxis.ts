/** Whole-second tick steps a short time axis may use. */
const SECOND_STEPS = [1, 2, 5, 10, 15, 30];

/**
 * The x encoding for batch time. Over less than a minute, vega's default ticks fall on fractions
 * of a second and read ".200 .400 .600"; here they are whole seconds labelled `HH:MM:SS`, about
 * six of them. Longer spans keep vega's own (minute-aware) ticks.
 *
 * @example timeAxis([1000, 9000]) // { field: "time", type: "temporal", axis: { format: "%H:%M:%S", tickCount: { interval: "seconds", step: 2 } }, … }
 */
export function timeAxis(times: readonly number[], field = "time"): Record<string, unknown> {
  const base = { field, type: "temporal", title: "batch time" };
  if (times.length === 0) return { ...base, axis: { format: "%H:%M:%S" } };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (t < min) min = t;
    if (t > max) max = t;
  }
  const spanSeconds = (max - min) / 1000;
  if (spanSeconds >= 60) return base;
  const step = SECOND_STEPS.find((s) => spanSeconds / s <= 6) ?? 30;
  return { ...base, axis: { format: "%H:%M:%S", tickCount: { interval: "seconds", step } } };
}
