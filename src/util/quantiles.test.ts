import { describe, expect, it } from 'vitest'
import { quantileSorted } from './quantiles'

describe('quantileSorted', () => {
  it('interpolates between order statistics like NumPy', () => {
    const v = [-0.02, -0.01, 0, 0.02, 0.03]
    expect(quantileSorted(v, 0.1)).toBeCloseTo(-0.016, 12) // position 0.4
    expect(quantileSorted(v, 0.5)).toBe(0)
    expect(quantileSorted(v, 0.9)).toBeCloseTo(0.026, 12) // position 3.6
    expect(quantileSorted([7], 0.9)).toBe(7)
    expect(quantileSorted([], 0.5)).toBeNaN()
  })
})
