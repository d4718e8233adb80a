import { describe, expect, it } from 'vitest'
import { liveBaselines } from './liveBaselines'

describe('live baselines', () => {
  it('fit on the history up to the bar only', () => {
    const a = Math.log(1.01), b = Math.log(100 / 101)
    // returns a, b, a, b: sorted [b, b, a, a]; q10 at position 0.3 → b, q50 at 1.5 → (a + b) / 2, q90 at 2.7 → a
    const close = Float64Array.of(100, 101, 100, 101, 100, 1e9, 1e-9)
    const q = liveBaselines(close, 4, [0.1, 0.5, 0.9], 1, 0.94)
    expect(q.randomWalk).toEqual([b, 0, a])
    expect(q.historical[0]).toBeCloseTo(b, 15)
    expect(q.historical[1]).toBeCloseTo((a + b) / 2, 15)
    expect(q.historical[2]).toBeCloseTo(a, 15)
    // fewer than the EWMA's 20 seed returns: no volatility yet, no band
    expect(q.ewma.every(Number.isNaN)).toBe(true)
  })

  it('EWMA: z times today\'s σ, z from the history\'s standardised returns', () => {
    // alternating ±1 % moves: σ settles at ln(1.01) and every standardised return is ±1
    const close = Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 101 : 100))
    const q = liveBaselines(close, 199, [0.1, 0.5, 0.9], 1, 0.94)
    const s = Math.abs(Math.log(1.01))
    expect(q.ewma[0]).toBeCloseTo(-s, 6)
    expect(q.ewma[2]).toBeCloseTo(s, 6)
  })
})
