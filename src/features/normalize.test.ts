import { describe, expect, it } from 'vitest'
import { fitStats, normalizeColumns } from './normalize'

describe('fitStats', () => {
  it('uses only the rows it is given', () => {
    // train rows 0..3 = [1, 2, 3, 4]: mean 2.5, population std √1.25; rows 4.. are ignored however large
    const s = fitStats([Float64Array.of(1, 2, 3, 4, 1000, -1000)], 0, 3)
    expect(s.mean[0]).toBe(2.5)
    expect(s.std[0]).toBeCloseTo(Math.sqrt(1.25), 14)
  })
  it('skips NaN and maps a zero std to 1', () => {
    const s = fitStats([Float64Array.of(NaN, 5, 5, 5)], 0, 3)
    expect(s.mean[0]).toBe(5)
    expect(s.std[0]).toBe(1)
  })
})

describe('normalizeColumns', () => {
  it('z-scores row-major and clips at ±clip train std devs', () => {
    const cols = [Float64Array.of(1, 2, 3, 4, 100), Float64Array.of(0, 0, 0, 0, NaN)]
    const stats = fitStats(cols, 0, 3)
    const z = normalizeColumns(cols, stats, 5)
    const sd = Math.sqrt(1.25)
    expect(z[0]).toBeCloseTo(-1.5 / sd, 6)
    expect(z[2]).toBeCloseTo(-0.5 / sd, 6)
    expect(z[8]).toBe(5) // (100 − 2.5)/1.118 = 87 → clipped
    expect(z[1]).toBe(0)
    expect(z[9]).toBeNaN()
  })
})
