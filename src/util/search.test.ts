import { describe, expect, it } from 'vitest'
import { lowerBound } from './search'

describe('lowerBound', () => {
  it('finds the first value at or above x', () => {
    const a = [1, 3, 3, 7]
    expect([0, 1, 2, 3, 4, 7, 8].map((x) => lowerBound(a, x))).toEqual([0, 0, 1, 1, 3, 3, 4])
    expect(lowerBound([], 5)).toBe(0)
  })
})
