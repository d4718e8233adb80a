import { describe, expect, it } from 'vitest'
import type { Candles } from './types'
import { findGaps, validateSeries } from './validate'

const H = 3_600_000
const T0 = 1_704_067_200_000 // 2024-01-01T00:00Z

/** n hourly bars starting at T0, close drifting up by 1 per bar. */
function hourly(n: number, times?: number[]): Candles {
  const t = times ?? Array.from({ length: n }, (_, i) => T0 + i * H)
  const close = t.map((_, i) => 100 + i)
  return {
    openTime: Float64Array.from(t),
    open: Float64Array.from(close.map((c) => c - 0.5)),
    high: Float64Array.from(close.map((c) => c + 1)),
    low: Float64Array.from(close.map((c) => c - 1)),
    close: Float64Array.from(close),
    volume: Float64Array.from(close.map(() => 10)),
  }
}

const raw = (candles: Candles) => ({ symbol: 'BTCUSDT', interval: '1h' as const, candles })

describe('validateSeries', () => {
  it('passes clean data through unchanged, with no gaps and no warnings', () => {
    const { series, warnings } = validateSeries(raw(hourly(60)), 'file')
    expect(warnings).toEqual([])
    expect(series.gaps).toEqual([])
    expect(series.candles.openTime.length).toBe(60)
    expect(series.source).toBe('file')
  })

  it('sorts unsorted rows and warns', () => {
    const c = hourly(61)
    const times = Array.from(c.openTime)
    ;[times[3], times[4]] = [times[4]!, times[3]!]
    const { series, warnings } = validateSeries(raw({ ...hourly(61), openTime: Float64Array.from(times) }), 'file')
    expect(warnings).toEqual(['BTCUSDT 1h: rows were not in time order; sorted them'])
    expect(series.candles.openTime[3]).toBe(T0 + 3 * H)
    // the close that sat beside time T0+3H (row 5, close 104) moved with it
    expect(series.candles.close[3]).toBe(104)
  })

  it('keeps the first of duplicate open times and warns with the count', () => {
    const times = [...Array.from({ length: 60 }, (_, i) => T0 + i * H), T0 + 10 * H, T0 + 20 * H]
    const { series, warnings } = validateSeries(raw(hourly(62, times)), 'file')
    expect(series.candles.openTime.length).toBe(60)
    expect(series.candles.close[10]).toBe(110) // the first row for T0+10H, not the later 160
    expect(warnings).toEqual([
      'BTCUSDT 1h: rows were not in time order; sorted them',
      'BTCUSDT 1h: 2 duplicate open time(s); kept the first of each',
    ])
  })

  it('counts and lists gaps', () => {
    const times = Array.from({ length: 64 }, (_, i) => T0 + i * H).filter((t) => t !== T0 + 5 * H && t !== T0 + 6 * H && t !== T0 + 30 * H)
    const { series, warnings } = validateSeries(raw(hourly(61, times)), 'file')
    expect(series.gaps).toEqual([
      { after: T0 + 4 * H, before: T0 + 7 * H, missing: 2 },
      { after: T0 + 29 * H, before: T0 + 31 * H, missing: 1 },
    ])
    expect(warnings).toEqual(['BTCUSDT 1h: 3 missing bar(s) in 2 gap(s)'])
  })

  it.each([
    ['close', -3, 'close is -3; prices must be finite and > 0'],
    ['open', 0, 'open is 0; prices must be finite and > 0'],
    ['low', NaN, 'low is NaN; prices must be finite and > 0'],
    ['volume', -1, 'volume is -1; volume must be finite and ≥ 0'],
    ['high', 50, 'high 50 is below low 106'],
  ] as const)('rejects %s = %s naming the row', (col, value, message) => {
    const c = hourly(60)
    c[col][7] = value
    const rows = Int32Array.from({ length: 60 }, (_, i) => i + 1)
    expect(() => validateSeries({ ...raw(c), rows }, 'file')).toThrow(`data: BTCUSDT 1h row 8 (2024-01-01T07:00Z): ${message}`)
  })

  it('rejects an open or close outside the bar range', () => {
    const c = hourly(60)
    c.close[2] = 200
    expect(() => validateSeries(raw(c), 'file')).toThrow('open 101.5 / close 200 lie outside low 101 … high 103')
  })

  it('rejects open times off the interval grid', () => {
    const c = hourly(60)
    c.openTime = c.openTime.map((t) => t + H - 1)
    expect(() => validateSeries(raw(c), 'file')).toThrow('is not on the 1h grid')
  })

  it('rejects fewer bars than one window, counting after de-duplication', () => {
    expect(() => validateSeries(raw(hourly(59)), 'file')).toThrow('BTCUSDT 1h has 59 bar(s), fewer than one 60-bar window')
    const times = [...Array.from({ length: 59 }, (_, i) => T0 + i * H), T0]
    expect(() => validateSeries(raw(hourly(60, times)), 'file')).toThrow('has 59 bar(s)')
  })
})

describe('findGaps', () => {
  it('is empty for length 0 and 1', () => {
    expect(findGaps(new Float64Array(0), H)).toEqual([])
    expect(findGaps(Float64Array.of(T0), H)).toEqual([])
  })
})
