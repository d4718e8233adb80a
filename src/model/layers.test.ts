import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { dropoutMask, QuantileHead, SeededDropout } from './layers'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** f(x) and the gradient of Σ f(x) ⊙ dy with respect to x. The caller disposes both. */
function vjp(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, dy: tf.Tensor) {
  return { value: tf.tidy(() => f(x)), grad: tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), dy)))(x) }
}

describe('QuantileHead', () => {
  it('gives x1 − softplus(x0), x1, x1 + softplus(x2), worked by hand', () => {
    // softplus(0) = ln 2 = 0.693147; softplus(1) = ln(1 + e) = 1.313262
    const out = new QuantileHead({}).apply(tf.tensor2d([[0, 0.5, 1]])) as tf.Tensor
    const v = out.dataSync()
    expect(v[0]).toBeCloseTo(0.5 - 0.693147, 6)
    expect(v[1]).toBe(0.5)
    expect(v[2]).toBeCloseTo(0.5 + 1.313262, 6)
    out.dispose()
  })

  it('has the gradient of the split/softplus/concat formula on random inputs, leaking nothing', () => {
    const x = tf.randomNormal([20, 3], 0, 2, 'float32', 3)
    const dy = tf.randomNormal([20, 3], 0, 1, 'float32', 4)
    const head = new QuantileHead({})
    const before = tf.memory().numTensors
    const reference = (t: tf.Tensor) => {
      const [a, mid, b] = tf.split(t, 3, 1)
      return tf.concat([tf.sub(mid!, tf.softplus(a!)), mid!, tf.add(mid!, tf.softplus(b!))], 1)
    }
    const [got, want] = [(t: tf.Tensor) => head.apply(t) as tf.Tensor, reference].map((f) => vjp(f, x, dy))
    const [gv, wv] = [got!.value.dataSync(), want!.value.dataSync()]
    expect(Array.from(gv)).toEqual(Array.from(wv)) // bit for bit
    const [gg, wg] = [got!.grad.dataSync(), want!.grad.dataSync()]
    for (let i = 0; i < wg.length; i++) expect(gg[i]).toBeCloseTo(wg[i]!, 6)
    tf.dispose([got!.value, got!.grad, want!.value, want!.grad])
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([x, dy])
  })
})

describe('QuantileHead with the median pinned at 0', () => {
  it('gives −softplus(x0), 0, softplus(x2) and the gradient of that formula; x1 gets none', () => {
    const head = new QuantileHead({ median: 'zero' })
    const out = head.apply(tf.tensor2d([[0, 0.5, 1]])) as tf.Tensor
    const v = out.dataSync()
    expect(v[0]).toBeCloseTo(-0.693147, 6) // −ln 2
    expect(v[1]).toBe(0)
    expect(v[2]).toBeCloseTo(1.313262, 6) // ln(1 + e)
    out.dispose()
    const x = tf.randomNormal([20, 3], 0, 2, 'float32', 5)
    const dy = tf.randomNormal([20, 3], 0, 1, 'float32', 6)
    const reference = (t: tf.Tensor) => {
      const [a, mid, b] = tf.split(t, 3, 1)
      return tf.concat([tf.neg(tf.softplus(a!)), tf.mul(mid!, 0), tf.softplus(b!)], 1)
    }
    const [got, want] = [(t: tf.Tensor) => head.apply(t) as tf.Tensor, reference].map((f) => vjp(f, x, dy))
    expect(Array.from(got!.value.dataSync())).toEqual(Array.from(want!.value.dataSync(), (v) => v + 0)) // −0 · 0 is −0
    const [gg, wg] = [got!.grad.dataSync(), want!.grad.dataSync()]
    for (let i = 0; i < wg.length; i++) expect(gg[i]).toBeCloseTo(wg[i]!, 6)
    for (let r = 0; r < 20; r++) expect(Math.abs(gg[r * 3 + 1]!)).toBe(0)
    expect(head.getConfig().median).toBe('zero')
    expect(new QuantileHead({}).getConfig().median).toBeUndefined() // a learned median is saved as before
    tf.dispose([got!.value, got!.grad, want!.value, want!.grad, x, dy])
  })
})

describe('SeededDropout', () => {
  it('drops about `rate` of the values and scales the rest by 1 / (1 − rate)', () => {
    const mask = dropoutMask(10_000, 0.2, 7)
    const zeros = mask.filter((m) => m === 0).length
    expect(zeros / mask.length).toBeGreaterThan(0.18)
    expect(zeros / mask.length).toBeLessThan(0.22)
    expect(new Set(mask)).toEqual(new Set([0, Math.fround(1.25)]))
    expect(dropoutMask(100, 0.2, 7)).toEqual(mask.slice(0, 100)) // same seed, same mask
    expect(dropoutMask(100, 0.2, 8)).not.toEqual(mask.slice(0, 100))
  })

  it('trains with call k using seed + k; the gradient is the mask; inference passes x through', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 11 })
    const x = tf.ones([4, 5])
    const before = tf.memory().numTensors
    const run = () => tf.valueAndGrad((t: tf.Tensor) => tf.sum(layer.apply(t, { training: true }) as tf.Tensor) as tf.Scalar)(x)
    const first = run(), second = run()
    expect(Array.from(first.value.dataSync())).toEqual([Array.from(dropoutMask(20, 0.5, 11)).reduce((a, b) => a + b, 0)])
    expect(Array.from(first.grad.dataSync())).toEqual(Array.from(dropoutMask(20, 0.5, 11)))
    expect(Array.from(second.grad.dataSync())).toEqual(Array.from(dropoutMask(20, 0.5, 12)))
    const y = layer.apply(x, { training: false }) as tf.Tensor
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()))
    tf.dispose([first.value, first.grad, second.value, second.grad, y])
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
  })
})
