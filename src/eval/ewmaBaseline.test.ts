import { describe, expect, it } from 'vitest'
import { ewmaVolatility } from '../features/ewma'
import { ewmaQuantiles, fitEwma, standardisedQuantiles } from './ewmaBaseline'
import { score } from './metrics'

const L = [0.1, 0.5, 0.9] as const

describe('EWMA baseline', () => {
  it('standardises returns by σ at their forecast bar and scales z back, worked by hand', () => {
    const sigma = Float64Array.of(NaN, 0.01, 0.02, 0.04, 0.01)
    // returns over σ·√h with h = 4 (√h = 2): 0.02/0.02 = 1, −0.04/0.04 = −1, 0.08/0.08 = 1, 0 → sorted −1, 0, 1, 1
    const z = standardisedQuantiles(sigma, { ends: Int32Array.of(1, 2, 3, 4), returns: [0.02, -0.04, 0.08, 0] }, L, 4)
    // NumPy quantiles at positions 0.3, 1.5, 2.7: −1 + 0.3 · 1 = −0.7, 0.5, 1
    expect(z[0]).toBeCloseTo(-0.7, 12)
    expect(z[1]).toBeCloseTo(0.5, 12)
    expect(z[2]).toBeCloseTo(1, 12)
    const q = ewmaQuantiles(sigma, Int32Array.of(3), z, 4) // σ·√h = 0.08
    expect([q.low[0], q.mid[0], q.high[0]].map((v) => +v!.toFixed(12))).toEqual([-0.056, 0.04, 0.08])
  })

  it('chooses the decay with the lowest validation pinball loss', () => {
    // A market whose volatility switches every 50 bars: a fast decay tracks it, a slow one lags.
    let p = 100
    const close = Float64Array.from({ length: 2000 }, (_, t) => (p *= Math.exp((Math.floor(t / 50) % 2 ? 0.03 : 0.003) * Math.sin(t * 12.9898) )))
    const ret = (t: number) => Math.log(close[t + 1]! / close[t]!)
    const rows = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i)
    const fit = { ends: rows(100, 1400), returns: [] as number[] }, val = { ends: rows(1400, 1998), returns: [] as number[] }
    fit.returns = Array.from(fit.ends, ret)
    val.returns = Array.from(val.ends, ret)
    const chosen = fitEwma([{ h1Close: close, fit, val }], L, 1, [0.5, 0.99])
    // the same loss worked out with `score` for each decay
    const valLoss = (lambda: number) => {
      const s = ewmaVolatility(close, lambda)
      const q = ewmaQuantiles(s, val.ends, standardisedQuantiles(s, fit, L, 1), 1)
      return score([{ close: new Float64Array(val.ends.length).fill(1), actual: Float64Array.from(val.returns), ...q }], L).pinball!.mean
    }
    expect(valLoss(0.5)).toBeLessThan(valLoss(0.99))
    expect(chosen.lambda).toBe(0.5)
    expect(chosen.z[0]).toEqual(standardisedQuantiles(ewmaVolatility(close, 0.5), fit, L, 1))
  })
})
