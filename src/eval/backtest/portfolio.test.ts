import { describe, expect, it } from 'vitest'
import { seededRng } from '../../util/rng'
import { barsOf } from './bars'
import { sharpeDifference } from './bootstrap'
import { sharpe } from './metrics'
import { portfolioPath } from './portfolio'
import type { Path } from './types'

const H = 3_600_000
const path = (hours: number[], equity: number[], exposure: number[], extra: Partial<Path> = {}): Path => ({
  time: Float64Array.from(hours, (h) => h * H), equity: Float64Array.from(equity), exposure: Float64Array.from(exposure),
  tradeReturns: [], tradeProfits: [], fees: 0, turnover: 0, periodHours: 1, ...extra,
})

describe('equal-capital portfolio', () => {
  it('is the mean of the coins\' equities on the union of their times, each flat outside its own', () => {
    const a = path([1, 2, 3], [1, 1.1, 1.21], [1, 1], { tradeProfits: [0.21], tradeReturns: [0.21], fees: 0.002, turnover: 2 })
    const b = path([2, 3, 4], [1, 0.9, 0.9], [1, 0], { tradeProfits: [-0.1], tradeReturns: [-0.1], fees: 0.004, turnover: 2 })
    const p = portfolioPath([a, b])
    expect(Array.from(p.time, (t) => t / H)).toEqual([1, 2, 3, 4])
    ;[1, 1.05, 1.055, 1.055].forEach((e, k) => expect(p.equity[k]).toBeCloseTo(e, 12))
    // 1→2: half the capital (A) in; 2→3: both in; 3→4: B out
    ;[0.5, 1, 0].forEach((x, k) => expect(p.exposure[k]).toBeCloseTo(x, 12))
    expect(p.tradeProfits).toEqual([0.105, -0.05]) // a coin's profit is on its half of the capital
    expect(p).toMatchObject({ fees: 0.003, turnover: 2, tradeReturns: [0.21, -0.1] })
  })

  it('says what to do with no coin', () => {
    expect(() => portfolioPath([])).toThrow(/backtest: no coin/)
  })
})

describe('Sharpe difference with a bootstrap over days', () => {
  const day = 24
  // two days of hourly equity: a rises 1 % an hour on day one and falls 0.5 % on day two; b is flat then rises
  const hours = Array.from({ length: 2 * day + 1 }, (_, k) => k)
  const ea = [1], eb = [1]
  for (let k = 0; k < 2 * day; k++) ea.push(ea[k]! * (k < day ? 1.01 : 0.995)), eb.push(eb[k]! * (1 + 0.001 * (k % 3)))
  const a = path(hours, ea, new Array(2 * day).fill(1)), b = path(hours, eb, new Array(2 * day).fill(1))

  it('the difference is of the two Sharpes; the same seed draws the same interval; a path against itself is 0', () => {
    const r = sharpeDifference(a, b, seededRng(1), 200)
    const ra = ea.slice(1).map((e, k) => e / ea[k]! - 1), rb = eb.slice(1).map((e, k) => e / eb[k]! - 1)
    expect(r.difference).toBeCloseTo(sharpe(ra, 8760)! - sharpe(rb, 8760)!, 10)
    expect(r.days).toBe(3) // periods end at 1 h … 48 h: day 0 holds 23 of them, day 1 24, day 2 one
    expect(r.interval[0]).toBeLessThanOrEqual(r.interval[1])
    expect(sharpeDifference(a, b, seededRng(1), 200)).toEqual(r)
    expect(sharpeDifference(a, a, seededRng(2), 50)).toEqual({ difference: 0, interval: [0, 0], days: 3 })
  })

  it('refuses paths on different times', () => {
    expect(() => sharpeDifference(a, path([0, 1], [1, 1], [0]), seededRng(1))).toThrow(/backtest: the paths compared must share their times/)
  })
})

describe('bars from forecasts', () => {
  it('reads next_close as close · exp(actual) and keeps every h-th bar, restarting after a hole', () => {
    const hours = [0, 1, 2, 3, 5, 6]
    const f = {
      symbol: 'ETHUSDT', openTime: Float64Array.from(hours, (h) => h * H), close: Float64Array.of(10, 11, 12, 13, 15, 16),
      actual: Float64Array.of(0.1, 0, Math.log(1.5), 0, 0.2, 0), low: new Float64Array(6).fill(-1), mid: Float64Array.of(1, 2, 3, 4, 5, 6), high: new Float64Array(6).fill(1),
    }
    const b = barsOf(f, 2)
    expect(Array.from(b.openTime, (t) => t / H)).toEqual([0, 2, 5])
    expect(Array.from(b.q50)).toEqual([1, 3, 5])
    expect(b.nextClose[1]).toBeCloseTo(18, 12)
    expect(b.nextClose[0]).toBe(10 * Math.exp(0.1))
    const rw = barsOf(f, 1, { mid: new Float64Array(6) })
    expect(rw.q50.every((q) => q === 0) && rw.q10.every(Number.isNaN)).toBe(true)
  })
})
