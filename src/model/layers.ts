import * as tf from '@tensorflow/tfjs'
import { seededRng } from '../util/rng'

/**
 * Turns three raw outputs into quantiles that never cross: q_mid = x1, q_low = x1 − softplus(x0),
 * q_high = x1 + softplus(x2). Pinball loss trains it like any head; crossing is impossible by construction.
 * With `median: 'zero'` q_mid is 0 and x1 is unused: q_low = −softplus(x0), q_high = softplus(x2).
 */
export class QuantileHead extends tf.layers.Layer {
  static className = 'QuantileHead'
  private readonly median: 'learned' | 'zero'

  constructor(args: { name?: string; median?: 'learned' | 'zero' } = {}) {
    super({ name: args.name })
    this.median = args.median ?? 'learned'
  }

  override computeOutputShape(inputShape: tf.Shape): tf.Shape {
    return inputShape
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor2D
    if (x.shape[1] !== 3) throw new Error(`QuantileHead: expects [batch, 3] raw outputs, got [${x.shape}]`)
    return tf.tidy(() => (this.median === 'zero' ? bandOp(x) : quantileOp(x)))
  }

  override getConfig(): tf.serialization.ConfigDict {
    // 'learned' is written as nothing, so models saved before the option load unchanged
    return this.median === 'zero' ? { ...super.getConfig(), median: 'zero' } : super.getConfig()
  }
}

/**
 * The head as one op with its own gradient: split, softplus, sub, add and concat under autodiff cost ~20
 * kernels a training step, this 10. Written with column matrices so no op slices:
 *   q = x·A + softplus(x) ⊙ (−1, 0, 1), A = [0 0 0; 1 1 1; 0 0 0] (every column gets x1)
 *   dx = (dy·C) ⊙ (−σ(x0), 1, σ(x2)), C = [1 1 0; 0 1 0; 0 1 1] (dy·C = (dy0, dy0 + dy1 + dy2, dy2))
 * since d softplus / dx = σ(x). The forward values equal the split/concat form bit for bit.
 */
const quantileOp = tf.customGrad((...args) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc]
  const signs = tf.tensor1d([-1, 0, 1])
  const value = tf.add(tf.matMul(x, tf.tensor2d([0, 0, 0, 1, 1, 1, 0, 0, 0], [3, 3])), tf.mul(tf.softplus(x), signs))
  save([tf.add(tf.mul(tf.sigmoid(x), signs), tf.tensor1d([0, 1, 0]))])
  return {
    value,
    gradFunc: (dy: tf.Tensor, [slope]: tf.Tensor[]) => tf.mul(tf.matMul(dy, tf.tensor2d([1, 1, 0, 0, 1, 0, 0, 1, 1], [3, 3])), slope!),
  }
})

/** The band around a median pinned at 0: q = softplus(x) ⊙ (−1, 0, 1), dx = dy ⊙ σ(x) ⊙ (−1, 0, 1). */
const bandOp = tf.customGrad((...args) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc]
  const signs = tf.tensor1d([-1, 0, 1])
  save([tf.mul(tf.sigmoid(x), signs)])
  return { value: tf.mul(tf.softplus(x), signs), gradFunc: (dy: tf.Tensor, [slope]: tf.Tensor[]) => tf.mul(dy, slope!) }
})
tf.serialization.registerClass(QuantileHead)

/**
 * Dropout whose masks come from a seeded stream: call k uses seed + k. tfjs's own Dropout with a seed draws
 * the same mask on every call, and without one draws from Math.random, so runs could not repeat.
 * The mask is drawn in JS and applied by one op with its own gradient: 3 kernels a training step
 * (multiply, the saved mask's clone, multiply back) where tf.dropout under autodiff took ~10.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout'
  private readonly rate: number
  private readonly seed: number
  /** Masks drawn so far: part of a training checkpoint, so a resumed run draws the masks it would have. */
  calls = 0

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
    const mask = dropoutMask(x.size, this.rate, this.seed + this.calls++)
    return tf.tidy(() => maskOp(x, tf.tensor(mask, x.shape)))
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed }
  }
}
tf.serialization.registerClass(SeededDropout)

/** Inverted dropout's multipliers: 0 with probability `rate`, else 1 / (1 − rate), so the mean is kept. */
export function dropoutMask(size: number, rate: number, seed: number): Float32Array {
  const rng = seededRng(seed)
  const keep = 1 / (1 - rate)
  const mask = new Float32Array(size)
  for (let i = 0; i < size; i++) mask[i] = rng() < rate ? 0 : keep
  return mask
}

/** x ⊙ mask with d/dx = mask; the mask is a constant, so it gets no gradient. */
const maskOp = (x: tf.Tensor, mask: tf.Tensor): tf.Tensor =>
  tf.customGrad((...args) => {
    const [xs, save] = args as [tf.Tensor, tf.GradSaveFunc]
    save([mask])
    return { value: tf.mul(xs, mask), gradFunc: (dy: tf.Tensor, [m]: tf.Tensor[]) => tf.mul(dy, m!) }
  })(x)
