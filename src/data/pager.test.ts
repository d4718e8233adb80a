import { describe, expect, it } from 'vitest'
import { estimatePages, historyRange, missingRanges, remaining } from './pager'

const H = 3_600_000
const Q = 900_000
const DAY = 24 * H
const T = 1_704_067_200_000 // 2024-01-01T00:00Z

describe('historyRange', () => {
  const now = T + 10 * H + 25 * 60_000 // 10:25 UTC: the 10:00 bar is still forming
  it('ends at the last closed hour and gives both intervals the same period', () => {
    expect(historyRange({ kind: 'bars', bars: 3 }, '1h', now)).toEqual({ start: T + 7 * H, end: T + 9 * H })
    expect(historyRange({ kind: 'bars', bars: 3 }, '15m', now)).toEqual({ start: T + 7 * H, end: T + 10 * H - Q })
  })

  it('covers whole UTC days of a date range, clipped to what has closed', () => {
    expect(historyRange({ kind: 'range', start: T, end: T + DAY }, '1h', now + 10 * DAY)).toEqual({ start: T, end: T + 2 * DAY - H })
    expect(historyRange({ kind: 'range', start: T + 5 * H, end: T + 5 * DAY }, '15m', now)).toEqual({ start: T, end: T + 10 * H - Q })
  })
})

describe('missingRanges', () => {
  const want = { start: T, end: T + 99 * H }
  it('asks for everything with no cache or a cache that does not touch the range', () => {
    expect(missingRanges(want, undefined, H)).toEqual([want])
    expect(missingRanges(want, { start: T + 200 * H, end: T + 300 * H }, H)).toEqual([want])
  })
  it('asks only for bars newer than the cache holds', () => {
    expect(missingRanges(want, { start: T, end: T + 49 * H }, H)).toEqual([{ start: T + 50 * H, end: T + 99 * H }])
    expect(missingRanges(want, { start: T - 10 * H, end: T + 99 * H }, H)).toEqual([])
  })
  it('asks for older and newer bars around a cache inside the range', () => {
    expect(missingRanges(want, { start: T + 10 * H, end: T + 19 * H }, H)).toEqual([
      { start: T, end: T + 9 * H },
      { start: T + 20 * H, end: T + 99 * H },
    ])
  })
})

describe('estimatePages', () => {
  it('counts 1000-bar pages', () => {
    expect(estimatePages({ start: T, end: T + 999 * H }, H, 1000)).toBe(1)
    expect(estimatePages({ start: T, end: T + 1000 * H }, H, 1000)).toBe(2)
    expect(estimatePages({ start: T, end: T + 4 * 3000 * Q - Q }, Q, 1000)).toBe(12)
    expect(estimatePages({ start: T, end: T }, H, 1000)).toBe(1)
  })
})

describe('remaining', () => {
  const r = { start: T, end: T + 2499 * H }
  it('pages forward from the bar after the last one received', () => {
    expect(remaining(r, T + 999 * H, 1000, 1000, H)).toEqual({ start: T + 1000 * H, end: T + 2499 * H })
  })
  it('stops on a short page, an empty page, or when the range is covered', () => {
    expect(remaining(r, T + 2000 * H, 500, 1000, H)).toBeUndefined()
    expect(remaining(r, undefined, 0, 1000, H)).toBeUndefined()
    expect(remaining(r, T + 2499 * H, 1000, 1000, H)).toBeUndefined()
  })
})
