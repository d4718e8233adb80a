import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { pinballLoss, weightedMse } from './losses'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('pinballLoss', () => {
  it('matches a hand computation', () => {
    // y = 0.01; q = (−0.02, 0.00, 0.03): errors e = (0.03, 0.01, −0.02)
    // τ=0.1: 0.1·0.03 = 0.003; τ=0.5: 0.5·0.01 = 0.005; τ=0.9: (0.9−1)·(−0.02) = 0.002 → mean 0.01/3
    const y = tf.tensor2d([[0.01]])
    const q = tf.tensor2d([[-0.02, 0, 0.03]])
    const before = tf.memory().numTensors
    const l = pinballLoss([0.1, 0.5, 0.9], y, q)
    expect(l.dataSync()[0]).toBeCloseTo(0.01 / 3, 7)
    l.dispose()
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([y, q])
  })

  it('accepts targets shaped like the predictions, as tfjs hands them to a loss', () => {
    const y = tf.tensor2d([[1, 1, 1], [2, 2, 2]])
    const q = tf.tensor2d([[0, 1, 2], [2, 2, 2]])
    // row 1: e = (1, 0, −1): 0.1 + 0 + 0.1 = 0.2; row 2: zeros → mean over 6 = 0.2/6
    expect(pinballLoss([0.1, 0.5, 0.9], y, q).dataSync()[0]).toBeCloseTo(0.2 / 6, 7)
  })
})

describe('weightedMse', () => {
  it('weights squared errors 5× where |target| > 2 %', () => {
    // targets 0.01 (small) and −0.05 (big); predictions 0 → errors² 1e-4 and 25e-4; weighted: 1e-4 + 5·25e-4
    const l = weightedMse(0.02, 5, tf.tensor2d([[0.01], [-0.05]]), tf.tensor2d([[0], [0]]))
    expect(l.dataSync()[0]).toBeCloseTo((1e-4 + 125e-4) / 2, 9)
  })
})

describe('pinballLoss gradient', () => {
  /** The loss as plain tfjs ops, differentiated by tfjs: the reference for the op's own gradient. */
  const reference = (y: tf.Tensor, q: tf.Tensor) => {
    const e = tf.sub(y.tile([1, 3]), q), tau = tf.tensor1d([0.1, 0.5, 0.9])
    return tf.mean(tf.maximum(tf.mul(tau, e), tf.mul(tf.sub(tau, 1), e))) as tf.Scalar
  }

  it('equals autodiff of the plain formula on random predictions, ties included, leaking nothing', () => {
    const y = tf.randomNormal([40, 1], 0, 0.02, 'float32', 1)
    // Row 0 predicts the target exactly: e = 0 must take slope τ, as tf.maximum's gradient does.
    const q = tf.tidy(() => tf.concat([y.tile([1, 3]).slice([0, 0], [1, 3]), tf.randomNormal([39, 3], 0, 0.02, 'float32', 2)]))
    const before = tf.memory().numTensors
    const [got, want] = [(p: tf.Tensor) => pinballLoss([0.1, 0.5, 0.9], y, p), (p: tf.Tensor) => reference(y, p)]
      .map((f) => tf.valueAndGrad(f)(q))
    expect(got!.value.dataSync()[0]).toBeCloseTo(want!.value.dataSync()[0]!, 8)
    const g = got!.grad.dataSync(), w = want!.grad.dataSync()
    for (let i = 0; i < w.length; i++) expect(g[i]).toBeCloseTo(w[i]!, 8)
    // By hand: row 0 (e = 0, slope τ) gets −τ / (N·Q) = −τ / 120.
    ;[0.1, 0.5, 0.9].forEach((t, i) => expect(g[i]).toBeCloseTo(-t / 120, 9))
    tf.dispose([got!.value, got!.grad, want!.value, want!.grad])
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([y, q])
  })
})
