import type { LabeledPoint, TrainingData } from "../../ml";

/** LabeledPoints packed as TrainingData (row-major float64 features and labels), as runMiniBatchSGD takes them. */
export function pack(points: readonly LabeledPoint[], d: number): TrainingData {
  const n = points.length;
  const X = new Float64Array(n * d);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    X.set(points[r]!.features, r * d);
    y[r] = points[r]!.label;
  }
  return { X, y, n, d };
}
