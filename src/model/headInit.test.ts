import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildModel } from './build'
import { SEED_MODEL } from './presets'
import { initHead, softplusInverse } from './headInit'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('softplusInverse', () => {
  it('undoes softplus = ln(1 + eˣ), for small and large spreads', () => {
    for (const x of [-8, -1, 0, 0.3, 5, 30]) expect(softplusInverse(Math.log1p(Math.exp(x)))).toBeCloseTo(x, 9)
    expect(softplusInverse(Math.LN2)).toBeCloseTo(0, 12) // softplus(0) = ln 2
    expect(() => softplusInverse(0)).toThrow(/positive spread/)
  })
})

describe('initHead', () => {
  const io = { window: 8, h1Features: 3, m15Features: 3 }
  const tiny = { ...SEED_MODEL, h1Lstm: [6], m15Conv: [4], m15Lstm: [4], dense: [6] }
  const x = () => [tf.randomNormal([16, 8, 3], 0, 1, 'float32', 1), tf.randomNormal([16, 8, 3], 0, 1, 'float32', 2)]

  it('starts a quantile head at the given quantiles, not at q50 ± ln 2', async () => {
    const model = buildModel(tiny, io, 4)
    const inputs = x()
    const before = await (model.predict(inputs) as tf.Tensor).array() as number[][]
    expect(before.some((q) => q[2]! - q[0]! > 1)).toBe(true) // softplus(≈0) on each side: a band ~1.4 wide
    initHead(model, { kind: 'quantiles', values: [-1.3, 0.02, 1.25] })
    const after = await (model.predict(inputs) as tf.Tensor).array() as number[][]
    for (const q of after) {
      expect(q[0]).toBeCloseTo(-1.3, 1)
      expect(q[1]).toBeCloseTo(0.02, 1)
      expect(q[2]).toBeCloseTo(1.25, 1)
    }
    tf.dispose(inputs)
    model.dispose()
  })
  it('with the median pinned at 0, starts the band at the given q10 and q90', async () => {
    const model = buildModel({ ...tiny, head: { kind: 'quantiles', quantiles: [0.1, 0.5, 0.9], median: 'zero' } }, io, 4)
    initHead(model, { kind: 'quantiles', values: [-1.3, 0.02, 1.25], median: 'zero' })
    const inputs = x()
    for (const q of await (model.predict(inputs) as tf.Tensor).array() as number[][]) {
      expect(q[0]).toBeCloseTo(-1.3, 1)
      expect(q[1]).toBe(0)
      expect(q[2]).toBeCloseTo(1.25, 1)
    }
    tf.dispose(inputs)
    model.dispose()
  })
  it('starts a one-value head at the mean', async () => {
    const model = buildModel({ ...tiny, head: { kind: 'value', threshold: 0.02, weight: 5 } }, io, 4)
    initHead(model, { kind: 'value', mean: 0.4 })
    const inputs = x()
    for (const v of await (model.predict(inputs) as tf.Tensor).data()) expect(v).toBeCloseTo(0.4, 1)
    tf.dispose(inputs)
    model.dispose()
  })
})
