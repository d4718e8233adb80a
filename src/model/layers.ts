import * as tf from '@tensorflow/tfjs'

/**
 * Turns three raw outputs into quantiles that never cross: q_mid = x1, q_low = x1 − softplus(x0),
 * q_high = x1 + softplus(x2). Pinball loss trains it like any head; crossing is impossible by construction.
 */
export class QuantileHead extends tf.layers.Layer {
  static className = 'QuantileHead'

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D
      const [a, mid, b] = tf.split(x, 3, 1)
      return tf.concat([tf.sub(mid!, tf.softplus(a!)), mid!, tf.add(mid!, tf.softplus(b!))], 1)
    })
  }
}
tf.serialization.registerClass(QuantileHead)

/**
 * Dropout whose masks come from a seeded stream: call k uses seed + k. tfjs's own Dropout with a seed draws
 * the same mask on every call, and without one draws from Math.random, so runs could not repeat.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout'
  private readonly rate: number
  private readonly seed: number
  private calls = 0

  constructor(args: { rate: number; seed: number; name?: string }) {
    super({ name: args.name })
    this.rate = args.rate
    this.seed = args.seed
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs)!
    if (!kwargs.training || this.rate === 0) return tf.clone(x)
    return tf.dropout(x, this.rate, undefined, this.seed + this.calls++)
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
tf.serialization.registerClass(SeededDropout)
