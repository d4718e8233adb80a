import { describe, expect, it } from 'vitest'
import { rollingMean, rollingStd } from './rolling'

const f = (...v: number[]) => Float64Array.from(v)
const arr = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? NaN : Math.round(v * 1e9) / 1e9))

describe('rollingMean', () => {
  it('averages the last n values, NaN before the window fills', () => {
    expect(arr(rollingMean(f(1, 2, 3, 4, 5), 3))).toEqual([NaN, NaN, 2, 3, 4])
  })
  it('gives NaN while a NaN is in the window, then recovers', () => {
    expect(arr(rollingMean(f(1, 2, NaN, 4, 5, 6, 7), 2))).toEqual([NaN, 1.5, NaN, NaN, 4.5, 5.5, 6.5])
  })
  it('handles length 0 and a series shorter than the window', () => {
    expect(rollingMean(f(), 3).length).toBe(0)
    expect(arr(rollingMean(f(1, 2), 3))).toEqual([NaN, NaN])
  })
  it('does not drift over a long series of large prices', () => {
    const x = Float64Array.from({ length: 100_000 }, (_, i) => 60_000 + Math.sin(i) * 50)
    const m = rollingMean(x, 20)
    let direct = 0
    for (let i = 99_980; i < 100_000; i++) direct += x[i]!
    expect(m[99_999]! / (direct / 20) - 1).toBeLessThan(1e-14)
  })
})

describe('rollingStd (population)', () => {
  it('matches numbers worked out by hand', () => {
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population variance 4 → std 2
    expect(rollingStd(f(2, 4, 4, 4, 5, 5, 7, 9), 8)[7]).toBeCloseTo(2, 12)
    // [1, 2, 3] → variance 2/3
    expect(arr(rollingStd(f(1, 2, 3, 5), 3))).toEqual([NaN, NaN, 0.816496581, 1.247219129])
  })
  it('is exactly 0 on a constant series', () => {
    expect(Array.from(rollingStd(f(7, 7, 7, 7), 2)).slice(1)).toEqual([0, 0, 0])
  })
  it('keeps its digits on prices near 60,000', () => {
    const x = Float64Array.from({ length: 5000 }, (_, i) => 60_000 + (i % 3))
    // any 3 consecutive values are {0, 1, 2} + 60000: variance 2/3
    expect(rollingStd(x, 3)[4999]! ** 2).toBeCloseTo(2 / 3, 10)
  })
})
