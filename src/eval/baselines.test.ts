import { describe, expect, it } from 'vitest'
import { seededRng } from '../util/rng'
import { historical, randomWalk } from './baselines'
import { quantileSorted } from '../util/quantiles'

const L = [0.1, 0.5, 0.9] as const

describe('randomWalk', () => {
  it('median zero, spread from the training returns', () => {
    const f = randomWalk([0.03, -0.01, 0.02, NaN, 0, -0.02], 3, L)
    expect([...f.mid]).toEqual([0, 0, 0])
    expect(f.low[2]).toBeCloseTo(-0.016, 12) // sorted −.02 −.01 0 .02 .03, position 0.4
    expect(f.high[0]).toBeCloseTo(0.026, 12) // position 3.6
  })
})

describe('historical', () => {
  it('quantiles of the returns that had ended by each bar, missing bars left out', () => {
    const close = Float64Array.of(100, 110, 99, 99, 108.9, NaN, 120)
    // 1-bar returns: s=1 ln 1.1, s=2 ln 0.9, s=3 0, s=4 ln 1.1, s=5 and s=6 touch the missing bar
    const f = historical(close, 1, Int32Array.of(3, 4, 6), L, 3)
    const a = Math.log(0.9), b = Math.log(1.1)
    for (const k of [0, 1]) { // windows {1,2,3} and {2,3,4}: both {ln .9, 0, ln 1.1}
      expect(f.low[k]).toBeCloseTo(0.8 * a, 12)
      expect(f.mid[k]).toBe(0)
      expect(f.high[k]).toBeCloseTo(0.8 * b, 12)
    }
    expect([f.low[2], f.mid[2], f.high[2]]).toEqual([b, b, b]) // window {4,5,6}: only s=4
  })

  it('never looks past the forecast bar', () => {
    const close = Float64Array.from({ length: 50 }, (_, i) => 100 + i)
    const base = historical(close, 2, Int32Array.of(20, 30), L, 10)
    const poisoned = close.slice()
    for (let i = 31; i < 50; i++) poisoned[i] = 1e6
    poisoned[21] = 1e6 // after the first forecast, before the second's window (21..30 would include it)
    const again = historical(poisoned, 2, Int32Array.of(20), L, 10)
    expect(again.mid[0]).toBe(base.mid[0])
  })

  it('equals sorting each window from scratch, over gaps and jumps between samples', () => {
    const rng = seededRng(7)
    const close = Float64Array.from({ length: 3000 }, () => 100 * Math.exp(0.02 * (rng() - 0.5)))
    for (let i = 0; i < close.length; i++) close[i] = i > 0 && rng() < 0.01 ? NaN : close[i]! * (1 + i / 3000)
    const ends = Int32Array.from([5, 6, 7, 400, 401, 402, 1200, 1201, 2999])
    const h = 4, lookback = 500
    const f = historical(close, h, ends, L, lookback)
    ends.forEach((t, k) => {
      const rs: number[] = []
      for (let s = Math.max(h, t - lookback + 1); s <= t; s++) {
        const r = Math.log(close[s]! / close[s - h]!)
        if (Number.isFinite(r)) rs.push(r)
      }
      rs.sort((x, y) => x - y)
      expect(f.low[k]).toBeCloseTo(quantileSorted(rs, 0.1), 14)
      expect(f.mid[k]).toBeCloseTo(quantileSorted(rs, 0.5), 14)
      expect(f.high[k]).toBeCloseTo(quantileSorted(rs, 0.9), 14)
    })
  })

  it('refuses rows out of order', () => {
    expect(() => historical(new Float64Array(10), 1, Int32Array.of(5, 3), L)).toThrow(/eval: sample rows must ascend/)
  })
})
