import { describe, expect, it } from 'vitest'
import { seededRng } from './rng'

describe('seededRng', () => {
  it('repeats for the same seed and differs across seeds', () => {
    const a = seededRng(42)
    const b = seededRng(42)
    const c = seededRng(43)
    const xs = [a(), a(), a()]
    expect([b(), b(), b()]).toEqual(xs)
    expect(c()).not.toBe(xs[0])
  })

  it('stays in [0, 1) with a mean near one half', () => {
    const r = seededRng(7)
    let sum = 0
    for (let i = 0; i < 10000; i++) {
      const x = r()
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThan(1)
      sum += x
    }
    expect(sum / 10000).toBeCloseTo(0.5, 1)
  })
})
