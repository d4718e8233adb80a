import { describe, expect, it } from 'vitest'
import { decimate } from './trainLive'

describe('decimate', () => {
  it('averages runs of neighbours down to the point budget', () => {
    expect(decimate([1, 3, 5, 7, 9], 2)).toEqual([{ x: 3, y: 3 }, { x: 5, y: 8 }])
    expect(decimate([2, 4], 10)).toEqual([{ x: 1, y: 2 }, { x: 2, y: 4 }])
    expect(decimate([], 10)).toEqual([])
  })
})
