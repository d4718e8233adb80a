import { describe, expect, it } from 'vitest'
import { wilsonInterval } from './quantiles'

describe('wilsonInterval', () => {
  it('2 of 2 is no proof: [0.342, 1]', () => {
    const [lo, hi] = wilsonInterval(2, 2)
    expect(lo).toBeCloseTo(0.3424, 4)
    expect(hi).toBe(1)
  })

  it('52 % of 300 straddles a coin flip', () => {
    const [lo, hi] = wilsonInterval(156, 300)
    // centre (p + z²/2n)/(1 + z²/n) = 0.519747, half-width 0.056176, worked by hand
    expect(lo).toBeCloseTo(0.46357, 4)
    expect(hi).toBeCloseTo(0.57592, 4)
    expect(lo).toBeLessThan(0.5)
  })

  it('52 % of 30,000 does not', () => {
    expect(wilsonInterval(15_600, 30_000)[0]).toBeGreaterThan(0.5)
  })

  it('no trials: everything is possible', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1])
  })
})
