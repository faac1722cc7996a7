/**
 * MLlib's Updaters, in float64 on the d weights (the per-point work is in Gradient on tfjs).
 * compute returns the new weights and the regularisation value at them.
 */
export interface Updater {
  readonly name: "simple" | "squaredL2";
  compute(
    weightsOld: Float64Array,
    gradient: Float64Array,
    stepSize: number,
    iter: number,
    regParam: number,
  ): { weights: Float64Array; regVal: number };
}

/** SimpleUpdater: w' = w − (stepSize/√iter)·g, no regularisation (regParam is ignored, as in MLlib). */
export const SimpleUpdater: Updater = {
  name: "simple",
  compute(weightsOld, gradient, stepSize, iter) {
    const step = stepSize / Math.sqrt(iter);
    const w = new Float64Array(weightsOld.length);
    for (let i = 0; i < w.length; i++) w[i] = weightsOld[i]! - step * gradient[i]!;
    return { weights: w, regVal: 0 };
  },
};

/** SquaredL2Updater: w' = (1 − s·regParam)·w − s·g with s = stepSize/√iter; regVal = regParam/2·‖w'‖². */
export const SquaredL2Updater: Updater = {
  name: "squaredL2",
  compute(weightsOld, gradient, stepSize, iter, regParam) {
    const step = stepSize / Math.sqrt(iter);
    const w = new Float64Array(weightsOld.length);
    let norm2 = 0;
    for (let i = 0; i < w.length; i++) {
      w[i] = (1 - step * regParam) * weightsOld[i]! - step * gradient[i]!;
      norm2 += w[i]! * w[i]!;
    }
    return { weights: w, regVal: 0.5 * regParam * norm2 };
  },
};
