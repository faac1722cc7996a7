import { tf } from "../tfjs";

/**
 * MLlib's Gradient, for a whole batch at once on tfjs: the summed gradient and summed loss of
 * the rows of X (n × d) with labels y (n × 1) at `weights` (d × 1). Summing (not averaging) is
 * MLlib's treeAggregate; GradientDescent divides by the mini-batch size.
 */
export interface Gradient {
  readonly name: "leastSquares" | "logistic";
  /** [gradient sum (d values), loss sum] as one tensor of d + 1 values (one download per iteration). */
  compute(X: tf.Tensor2D, y: tf.Tensor2D, weights: tf.Tensor2D): tf.Tensor1D;
}

/**
 * LeastSquaresGradient: diff = x·w − y, loss = diff²/2, gradient = diff·x.
 */
export const LeastSquaresGradient: Gradient = {
  name: "leastSquares",
  compute(X, y, weights) {
    return tf.tidy(() => {
      const diff = X.matMul(weights).sub(y);
      // diffᵀ·X as a [1, n] row times X: matMul with a transpose flag is several times slower on wasm.
      const grad = diff.reshape([1, -1]).matMul(X).reshape([-1]);
      const loss = diff.square().sum().mul(0.5).reshape([1]);
      return tf.concat([grad, loss]) as tf.Tensor1D;
    });
  },
};

/**
 * LogisticGradient (binary): margin = −x·w, multiplier = 1/(1+e^margin) − y, gradient =
 * multiplier·x, loss = log1pExp(margin) for y = 1 and log1pExp(margin) − margin for y = 0.
 */
export const LogisticGradient: Gradient = {
  name: "logistic",
  compute(X, y, weights) {
    return tf.tidy(() => {
      const dotWx = X.matMul(weights);
      const multiplier = tf.sigmoid(dotWx).sub(y);
      const grad = multiplier.reshape([1, -1]).matMul(X).reshape([-1]);
      // log1pExp(−dot) + (1 − y)·dot covers both label cases in one expression.
      const loss = tf.softplus(dotWx.neg()).add(tf.scalar(1).sub(y).mul(dotWx)).sum().reshape([1]);
      return tf.concat([grad, loss]) as tf.Tensor1D;
    });
  },
};
