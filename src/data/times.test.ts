import { describe, expect, it } from 'vitest'
import { EARLIEST_MS, formatSpacing, toEpochMs } from './times'

const T = 1_704_067_200_000 // 2024-01-01T00:00Z
const LATEST = Date.UTC(2026, 0, 1)

describe('toEpochMs', () => {
  it.each([
    ['seconds', [T / 1e3, T / 1e3 + 3600], 'open_time is in epoch seconds; converted to milliseconds'],
    ['milliseconds', [T, T + 3_600_000], undefined],
    ['microseconds (Binance dumps since 2025)', [T * 1e3, (T + 3_600_000) * 1e3], 'open_time is in epoch microseconds; converted to milliseconds'],
    ['nanoseconds', [BigInt(T) * 1_000_000n, BigInt(T + 3_600_000) * 1_000_000n], 'open_time is in epoch nanoseconds; converted to milliseconds'],
  ])('reads %s by magnitude and says so', (_, col, note) => {
    const { ms, notes } = toEpochMs(col, 2, LATEST)
    expect(Array.from(ms)).toEqual([T, T + 3_600_000])
    expect(notes).toEqual(note ? [note] : [])
  })

  it('reads 19-digit nanoseconds parsed as doubles', () => {
    expect(Array.from(toEpochMs([1704067200000000000], 1, LATEST).ms)).toEqual([T])
  })

  it('does not call real 1972 milliseconds "seconds": it says what they are as milliseconds', () => {
    const ms1972 = Date.UTC(1972, 0, 1)
    expect(() => toEpochMs([ms1972], 1, LATEST)).toThrow(
      `file: row 1: open_time ${ms1972} is not a time between 2009-01-01T00:00Z and now in epoch seconds, milliseconds, microseconds or nanoseconds (as milliseconds it is 1972-01-01T00:00Z)`,
    )
  })

  it('refuses a number no unit puts between 2009 and now, and a Date beyond what a browser holds', () => {
    expect(() => toEpochMs([4e18 * 10], 1, LATEST)).toThrow('file: row 1: open_time 40000000000000000000 is not a time between')
    expect(() => toEpochMs([new Date(NaN)], 1, LATEST)).toThrow('file: row 1: open_time is a timestamp beyond the dates a browser can hold')
  })

  it('reads ISO 8601 with or without a zone (no zone is UTC, with a note)', () => {
    const { ms, notes } = toEpochMs(['2024-01-01T01:00Z', '2024-01-01 02:00:00', '2024-01-01T04:00+01:00'], 3, LATEST)
    expect(Array.from(ms)).toEqual([T + 3_600_000, T + 7_200_000, T + 10_800_000])
    expect(notes).toEqual(['open_time has no time zone in 1 row(s); read as UTC'])
  })

  it('refuses date-only times (issue 19, finding 6: they were "fewer than one 60-bar window") and day/month guesses', () => {
    expect(() => toEpochMs(['2024-01-01'], 1, LATEST)).toThrow("file: row 1: open_time '2024-01-01' is a date without a time of day; 1h and 15m bars need one (like 2024-01-01T05:00Z)")
    expect(() => toEpochMs(['01/02/2024 05:00'], 1, LATEST)).toThrow("file: row 1: open_time '01/02/2024 05:00' is not an ISO 8601 date")
  })

  it('names an empty cell by row', () => {
    expect(() => toEpochMs([T, null], 2, LATEST)).toThrow('file: row 2: open_time is empty')
  })

  it('starts the crypto era at 2009-01-01', () => {
    expect(EARLIEST_MS).toBe(1_230_768_000_000)
  })
})

describe('formatSpacing', () => {
  it('prints spacings as a person says them', () => {
    expect(formatSpacing(3_600_000)).toBe('1h')
    expect(formatSpacing(900_000)).toBe('15m')
    expect(formatSpacing(90_061_001)).toBe('1d 1h 1m 1s 1ms')
  })
})
