import { describe, expect, it } from 'vitest'
import type { CoinFeatures } from '../features/types'
import { copyCoin } from './trainProtocol'

const idx = () => ({ end1h: Int32Array.of(70, 71), end15m: Int32Array.of(283, 287), target: Float32Array.of(0.01, -0.02), close: Float64Array.of(100, 101), scale: Float32Array.of(0.005, 0.006) })
const coin: CoinFeatures = {
  symbol: 'BTCUSDT', window: 60, horizon: 1,
  h1: { data: Float32Array.of(1, 2, 3), rows: 3, features: 1, start: 0, step: 3_600_000 },
  m15: { data: Float32Array.of(4, 5), rows: 2, features: 1, start: 0, step: 900_000 },
  h1Close: Float64Array.of(100, NaN, 101),
  samples: { train: idx(), val: idx(), test: idx() },
  stats: { h1: { mean: Float64Array.of(1), std: Float64Array.of(2) }, m15: { mean: Float64Array.of(3), std: Float64Array.of(4) } },
  dropped: { 'no target': 1 }, filled: { h1: 0, m15: 0 }, splitStart: { train: 0, val: 1, test: 2 }, fitOn: 'train',
}

describe('copyCoin', () => {
  it('copies every array, lists each buffer once, and leaves the original usable after a transfer', () => {
    const { coin: copy, buffers } = copyCoin(coin)
    expect(copy).toEqual(coin)
    expect(buffers).toHaveLength(3 + 4 + 3 * 5)
    expect(new Set(buffers).size).toBe(buffers.length)
    structuredClone(copy, { transfer: buffers }) // detaches the copies, as postMessage does
    expect(copy.h1.data.length).toBe(0)
    expect(Array.from(coin.h1.data)).toEqual([1, 2, 3])
    expect(coin.samples.val.target[1]).toBeCloseTo(-0.02, 6)
  })
})
