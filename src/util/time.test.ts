import { describe, expect, it } from 'vitest'
import { formatDuration, formatUtc, sleep } from './time'

describe('formatUtc', () => {
  it('prints UTC to the minute', () => {
    expect(formatUtc(1704067200000)).toBe('2024-01-01T00:00Z')
    expect(formatUtc(1726271100000)).toBe('2024-09-13T23:45Z')
    expect(formatUtc(NaN)).toBe('—')
  })

  it('never throws on a time beyond what a Date holds (issue 19, finding 1: nanoseconds blanked the page)', () => {
    expect(formatUtc(1_704_067_200_000_000_000)).toBe('—')
    expect(formatUtc(-9e15)).toBe('—')
  })
})

describe('formatDuration', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatDuration(4_400)).toBe('4 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
    expect(formatDuration(3_900_000)).toBe('1 h 5 min')
    expect(formatDuration(-1)).toBe('—')
  })
})

describe('sleep', () => {
  it('rejects with the abort reason when cancelled', async () => {
    const ctl = new AbortController()
    const p = sleep(10_000, ctl.signal)
    ctl.abort(new Error('cancelled'))
    await expect(p).rejects.toThrow('cancelled')
  })
})
