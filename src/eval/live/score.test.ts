import { describe, expect, it } from 'vitest'
import { liveScores, scoreDue } from './score'
import type { LiveForecast } from './types'

const T = (hhmm: string) => Date.parse(`2024-09-01T${hhmm}Z`)
const base: LiveForecast['baselines'] = { randomWalk: [-0.03, 0, 0.03], historical: [-0.03, 0, 0.03], ewma: [-0.03, 0, 0.03] }
const f = (bar: string, madeAt: string, extra: Partial<LiveForecast> = {}): LiveForecast => ({
  symbol: 'BTCUSDT', barOpenTime: T(bar), madeAt: T(madeAt), late: false, close: 100, q10: -0.01, q50: 0, q90: 0.01, baselines: base, position: 0, ...extra,
})
const bars = new Map([['BTCUSDT', { openTime: [T('09:00'), T('10:00'), T('11:00')], close: [100, 101, 99] }]])

describe('live scoring', () => {
  it('scores a forecast against the close of its target bar, and only that bar', () => {
    const { forecasts, scored } = scoreDue([f('09:00', '10:00')], bars, 1)
    expect(scored).toBe(1)
    expect(forecasts[0]!.realised!.close).toBe(101)
    expect(forecasts[0]!.realised!.actual).toBeCloseTo(Math.log(1.01), 12)
  })

  it('leaves a forecast pending until its target bar is fetched, and never scores one made after its target closed', () => {
    const { forecasts, scored } = scoreDue([f('11:00', '12:00'), f('09:00', '11:00'), f('09:00', '10:20', { late: true })], bars, 1)
    expect(scored).toBe(1)
    expect(forecasts[0]!.realised).toBeUndefined()
    expect(forecasts[0]!.unscorable).toBeUndefined()
    expect(forecasts[1]!.realised).toBeUndefined()
    expect(forecasts[1]!.unscorable).toBe('made after its target bar had closed')
    expect(forecasts[2]!.realised!.close).toBe(101) // late but before its target bar closed: scored, marked late
  })

  it('pools coverage and pinball over the scored forecasts, with skill against each baseline', () => {
    // realised ln(1.01) = 0.00995 inside [−0.01, 0.01]; then ln(99/101) = −0.02000 below it
    const { forecasts } = scoreDue([f('09:00', '10:00'), f('10:00', '11:00', { close: 101 })], bars, 1)
    const s = liveScores(forecasts, [0.1, 0.5, 0.9])
    expect(s.scored).toBe(2)
    expect(s.model.coverage).toBe(0.5)
    const y1 = Math.log(1.01), y2 = Math.log(99 / 101)
    // pinball by hand: q10 0.1·(y1 + 0.01) and 0.9·(−0.01 − y2); q50 0.5·y1 and 0.5·(−y2); q90 0.1·(0.01 − y1) and 0.1·(0.01 − y2)
    const q10 = (0.1 * (y1 + 0.01) + 0.9 * (-0.01 - y2)) / 2
    const q50 = (0.5 * y1 - 0.5 * y2) / 2
    const q90 = (0.1 * (0.01 - y1) + 0.1 * (0.01 - y2)) / 2
    expect(s.model.pinball!.q10).toBeCloseTo(q10, 12)
    expect(s.model.pinball!.q50).toBeCloseTo(q50, 12)
    expect(s.model.pinball!.q90).toBeCloseTo(q90, 12)
    // the baselines' band [−0.03, 0.03] holds both: q10 0.1·(y + 0.03)
    const b10 = (0.1 * (y1 + 0.03) + 0.1 * (y2 + 0.03)) / 2
    expect(s.baselines.randomWalk.pinball!.q10).toBeCloseTo(b10, 12)
    expect(s.skill.ewma!.q10).toBeCloseTo(1 - q10 / b10, 12)
    expect(s.baselines.ewma.coverage).toBe(1)
  })
})
