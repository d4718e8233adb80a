import { describe, expect, it } from 'vitest'
import { ewmaVolatility } from './ewma'

describe('ewmaVolatility', () => {
  it('seeds with the mean square of the first returns, then decays, worked by hand', () => {
    // r = ln 1.1, ln 0.9, ln 1.1 = 0.0953102, −0.1053605, 0.0953102
    // seed of 2: v = (0.0090840 + 0.0111008) / 2 = 0.0100924, σ = 0.1004611
    // λ = 0.9: v = 0.9 · 0.0100924 + 0.1 · 0.0090840 = 0.0099916, σ = 0.0999580
    const s = ewmaVolatility(Float64Array.of(100, 110, 99, 108.9), 0.9, 2)
    expect(s[0]).toBeNaN()
    expect(s[1]).toBeNaN()
    expect(s[2]).toBeCloseTo(0.1004611, 6)
    expect(s[3]).toBeCloseTo(0.0999580, 6)
  })
  it('keeps its value over a missing bar and uses only returns up to each bar', () => {
    const s = ewmaVolatility(Float64Array.of(100, 110, 99, NaN, 108.9, 100), 0.9, 2)
    expect(s[3]).toBe(s[2]) // no return into or out of a missing close
    expect(s[4]).toBe(s[2])
    const future = ewmaVolatility(Float64Array.of(100, 110, 99, NaN, 108.9, 5000), 0.9, 2)
    expect(Array.from(future.subarray(0, 5))).toEqual(Array.from(s.subarray(0, 5)))
  })
  it('refuses a decay outside (0, 1)', () => {
    expect(() => ewmaVolatility(new Float64Array(3), 1)).toThrow('features: EWMA decay 1 must be in (0, 1)')
  })
})
