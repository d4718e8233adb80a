import * as tf from '@tensorflow/tfjs'

/**
 * Mean pinball (quantile) loss over samples and quantiles. `yTrue` arrives shaped like the predictions
 * ([N, Q]: tfjs broadcasts the target into every column) or as [N, 1]; `yPred` is [N, Q].
 * For quantile τ and error e = y − q: τ·e if e ≥ 0, else (τ − 1)·e. Returns a scalar the caller disposes.
 */
export function pinballLoss(quantiles: readonly number[], yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = yTrue.shape[1] === 1 ? yTrue.tile([1, quantiles.length]) : yTrue
    const e = tf.sub(y, yPred)
    const tau = tf.tensor1d(quantiles as number[])
    return tf.mean(tf.maximum(tf.mul(tau, e), tf.mul(tf.sub(tau, 1), e))) as tf.Scalar
  })
}

/**
 * MSE with squared errors weighted `weight`× where |target| > `threshold`: the seed's "5× on moves over 2 %"
 * (threshold 0.02 as a log return). Mean of weighted squared errors. Returns a scalar the caller disposes.
 */
export function weightedMse(threshold: number, weight: number, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const big = tf.greater(tf.abs(yTrue), threshold)
    const w = tf.where(big, tf.fill(yTrue.shape, weight), tf.onesLike(yTrue))
    return tf.mean(tf.mul(w, tf.squaredDifference(yTrue, yPred))) as tf.Scalar
  })
}
