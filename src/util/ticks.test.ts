import { describe, expect, it } from 'vitest'
import { logTicks, niceTicks } from './ticks'

describe('ticks', () => {
  it('steps of 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10])
    expect(niceTicks(0.1, 0.9, 4)).toEqual([0.2, 0.4, 0.6, 0.8])
    expect(niceTicks(1, 8, 5)).toEqual([2, 4, 6, 8])
    expect(niceTicks(-3, 3, 3)).toEqual([-2, 0, 2])
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3])
  })

  it('one value: itself; empty or reversed range: none', () => {
    expect(niceTicks(5, 5)).toEqual([5])
    expect(niceTicks(NaN, 1)).toEqual([])
    expect(niceTicks(2, 1)).toEqual([])
  })

  it('log axis: 1, 2, 5 per decade over less than two decades, powers of ten over more', () => {
    expect(logTicks(0.0012, 0.03)).toEqual([0.002, 0.005, 0.01, 0.02])
    expect(logTicks(1e-5, 1)).toEqual([1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
    expect(logTicks(0.0013, 0.0017)).toEqual([0.0013]) // no round value inside: the low end
    expect(logTicks(0, 1)).toEqual([])
  })
})
