import { describe, expect, it } from 'vitest'
import { isLate, lastClosedHour, missedHours, nextRefreshAt, scorable, slotOf } from './schedule'

const T = (hhmmss: string) => Date.parse(`2024-09-01T${hhmmss}Z`)

describe('live schedule (exchange time)', () => {
  it('names the last closed 1h bar: a bar [t, t + 1 h) has closed at t + 1 h', () => {
    expect(lastClosedHour(T('10:00:00'))).toBe(T('09:00:00'))
    expect(lastClosedHour(T('10:59:59.999'))).toBe(T('09:00:00'))
    expect(lastClosedHour(T('11:00:00'))).toBe(T('10:00:00'))
  })

  it('aligns refreshes to 15m bar closes plus a 5 s grace', () => {
    expect(nextRefreshAt(T('10:00:30'))).toBe(T('10:15:05'))
    expect(nextRefreshAt(T('10:15:04.999'))).toBe(T('10:15:05'))
    expect(nextRefreshAt(T('10:15:05'))).toBe(T('10:30:05'))
    expect(nextRefreshAt(T('10:59:59'))).toBe(T('11:00:05'))
    expect(slotOf(T('10:40:00'))).toBe(T('10:30:05'))
    expect(slotOf(T('10:00:04'))).toBe(T('09:45:05'))
  })

  it('marks a forecast late once its first refresh slot has passed', () => {
    expect(isLate(T('09:00:00'), T('10:00:05'))).toBe(false)
    expect(isLate(T('09:00:00'), T('10:15:00'))).toBe(false)
    expect(isLate(T('09:00:00'), T('10:15:01'))).toBe(true)
  })

  it('never lets a forecast be scored once its target bar had closed when it was made', () => {
    expect(scorable(T('09:00:00'), T('10:59:59'), 1)).toBe(true)
    expect(scorable(T('09:00:00'), T('11:00:00'), 1)).toBe(false)
    expect(scorable(T('09:00:00'), T('11:30:00'), 2)).toBe(true)
    expect(scorable(T('09:00:00'), T('12:00:00'), 2)).toBe(false)
  })

  it('counts the hours slept through', () => {
    expect(missedHours([T('09:00:00'), T('10:00:00'), T('13:00:00')], T('13:00:00'))).toBe(2)
    expect(missedHours([T('09:00:00'), T('09:00:00')], T('09:00:00'))).toBe(0)
    expect(missedHours([], T('09:00:00'))).toBe(0)
  })
})
