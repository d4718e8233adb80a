import * as tf from '@tensorflow/tfjs'

// Helpers for tests and the e2e lstm-check fixture: never imported by code that ships or by scripts.

/**
 * Output and the gradients of Σ(output · dy) with respect to x and each of the layer's weights
 * (kernel, recurrent_kernel, bias order). The caller disposes every returned tensor.
 */
export function outputAndGrads(layer: tf.layers.Layer, x: tf.Tensor, dy: tf.Tensor): tf.Tensor[] {
  const y = layer.apply(x) as tf.Tensor
  const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable)
  const f = (...inputs: tf.Tensor[]) => tf.sum(tf.mul(layer.apply(inputs[0]!) as tf.Tensor, dy))
  // tf.grads differentiates with respect to x only; the weights come from variableGrads.
  const dx = tf.grad((xs: tf.Tensor) => f(xs))(x)
  const { value, grads } = tf.variableGrads(() => f(x) as tf.Scalar, weights)
  value.dispose()
  return [y, dx, ...weights.map((w) => grads[w.name]!)]
}
