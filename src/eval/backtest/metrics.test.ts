import { describe, expect, it } from 'vitest'
import { maxDrawdown, metricsOf, profitFactor, sharpe, sortino } from './metrics'

const H = 3_600_000

describe('backtest metrics on hand-computed series', () => {
  const r = [0.02, -0.01, 0.03, 0]
  it('Sharpe: mean 0.01 over sample std √(0.001 / 3), × √8760', () => {
    expect(sharpe(r, 8760)).toBeCloseTo((0.01 / Math.sqrt(0.001 / 3)) * Math.sqrt(8760), 10) // 51.264
    expect(sharpe([0.01, 0.01], 8760)).toBeNull()
  })

  it('Sortino: mean 0.01 over downside deviation √(0.0001 / 4) = 0.005, × √8760', () => {
    expect(sortino(r, 8760)).toBeCloseTo(2 * Math.sqrt(8760), 10)
    expect(sortino([0.01, 0.02], 8760)).toBeNull()
  })

  it('max drawdown 1.2 → 0.9 is 25 %, under water 3 h until 1.3; the later 10 % fall lasts 1 h to the end', () => {
    const dd = maxDrawdown([1, 1.2, 0.9, 1.0, 1.3, 1.17], [0, 1, 2, 3, 4, 5])
    expect(dd.depth).toBeCloseTo(0.25, 12)
    expect(dd.duration).toBe(3)
    expect(maxDrawdown([1, 1.1, 1.2], [0, 1, 2])).toEqual({ depth: 0, duration: 0 })
    expect(maxDrawdown([1, 0.9, 0.95], [0, 1, 5])).toEqual({ depth: expect.closeTo(0.1, 12), duration: 5 })
  })

  it('profit factor 0.05 / 0.05; no losses is infinite; no trades is undefined', () => {
    expect(profitFactor([0.03, -0.01, 0.02, -0.04])).toBeCloseTo(1, 12)
    expect(profitFactor([0.1])).toBe(Infinity)
    expect(profitFactor([])).toBeNull()
  })

  it('a year from 1 to 1.21 through 0.8: CAGR 21 %, max drawdown 20 %, Calmar 1.05', () => {
    const year = 8760 * H
    const m = metricsOf({ time: Float64Array.of(0, year / 2, year), equity: Float64Array.of(1, 0.8, 1.21), exposure: Float64Array.of(1, 0.5), tradeReturns: [0.21, -0.1, 0.05], tradeProfits: [0.21, -0.1, 0.05], fees: 0.002, turnover: 2, periodHours: 1 })
    expect(m.cagr).toBeCloseTo(0.21, 12)
    expect(m.maxDrawdown).toBeCloseTo(0.2, 12)
    expect(m.calmar).toBeCloseTo(1.05, 12)
    expect(m.maxDrawdownDuration).toBe(8760) // under the starting peak until it is passed at the very end
    expect(m).toMatchObject({ periods: 2, trades: 3, winRate: 2 / 3, exposure: 0.75, feesPaid: 0.002, turnover: 2 })
    expect(m.totalReturn).toBeCloseTo(0.21, 12)
    expect(m.profitFactor).toBeCloseTo(0.26 / 0.1, 12)
    expect(m.expectancy).toBeCloseTo(0.16 / 3, 12)
    // period returns −0.2 and 0.5125: sample std 0.7125 / √2, annualised as hourly periods
    expect(m.annualVolatility).toBeCloseTo((0.7125 / Math.sqrt(2)) * Math.sqrt(8760), 10)
  })
})
