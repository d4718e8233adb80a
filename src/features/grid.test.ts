import { describe, expect, it } from 'vitest'
import { toGrid } from './grid'

const H = 3_600_000
const bars = (times: number[]) => {
  const v = Float64Array.from(times, (_, i) => 10 + i)
  return { openTime: Float64Array.from(times), open: v, high: v, low: v, close: v, volume: v }
}

describe('toGrid', () => {
  it('forward-fills one missing bar and leaves a longer gap missing', () => {
    // bars at 0,1,_,3,4,_,_,7
    const g = toGrid(bars([0, 1, 3, 4, 7].map((i) => i * H)), H)
    expect(Array.from(g.present)).toEqual([1, 1, 1, 1, 1, 0, 0, 1])
    expect(Array.from(g.candles.close)).toEqual([10, 11, 11, 12, 13, NaN, NaN, 14])
    expect(g.filled).toBe(1)
    expect(g.candles.openTime[5]).toBe(5 * H)
  })
  it('handles an empty series', () => {
    expect(toGrid(bars([]), H).present.length).toBe(0)
  })
})
