import { describe, expect, it } from 'vitest'
import { EMPTY_CANDLES, mergeCandles, sliceCandles } from './candles'
import type { Candles } from './types'

function bars(times: number[], close: number): Candles {
  const f = (v: number) => Float64Array.from(times, () => v)
  return { openTime: Float64Array.from(times), open: f(close), high: f(close), low: f(close), close: f(close), volume: f(1) }
}

describe('mergeCandles', () => {
  it('interleaves by time and lets the newer download win on overlap', () => {
    const m = mergeCandles(bars([1, 2, 3], 10), bars([3, 4], 20))
    expect(Array.from(m.openTime)).toEqual([1, 2, 3, 4])
    expect(Array.from(m.close)).toEqual([10, 10, 20, 20])
  })
  it('handles empty sides', () => {
    expect(Array.from(mergeCandles(EMPTY_CANDLES, bars([5], 1)).openTime)).toEqual([5])
    expect(mergeCandles(EMPTY_CANDLES, EMPTY_CANDLES).openTime.length).toBe(0)
  })
})

describe('sliceCandles', () => {
  it('keeps bars with start ≤ t ≤ end', () => {
    const c = bars([10, 20, 30, 40], 1)
    expect(Array.from(sliceCandles(c, 20, 30).openTime)).toEqual([20, 30])
    expect(Array.from(sliceCandles(c, 15, 100).openTime)).toEqual([20, 30, 40])
    expect(sliceCandles(c, 41, 50).openTime.length).toBe(0)
  })
})
