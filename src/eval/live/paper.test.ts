import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKTEST } from '../../config/runConfig'
import type { RuleParams } from '../backtest/types'
import { paperAccount, positionFor } from './paper'
import type { LiveForecast } from './types'

const H = 3_600_000
const T0 = Date.parse('2024-09-01T09:00Z')
const base: LiveForecast['baselines'] = { randomWalk: [-0.01, 0, 0.01], historical: [-0.01, 0, 0.01], ewma: [-0.01, 0, 0.01] }
const gated: RuleParams = { ...DEFAULT_BACKTEST, rule: 'gated', maxWidth: 0.015, threshold: 0.001, shorts: false, fee: 0.001, slippage: 0 }
const f = (k: number, close: number, q50: number, next?: number, extra: Partial<LiveForecast> = {}): LiveForecast => ({
  symbol: 'BTCUSDT', barOpenTime: T0 + k * H, madeAt: T0 + (k + 1) * H + 5000, late: false, close, q10: q50 - 0.004, q50, q90: q50 + 0.004,
  baselines: base, position: 0, ...(next !== undefined ? { realised: { close: next, actual: Math.log(next / close) } } : {}), ...extra,
})

describe('paper account (the Backtest cell\'s rule and accounting)', () => {
  it('pays the fee on each change, earns each scored hour, and keeps the newest position open', () => {
    // long at 100 → 102, flat at 102 → 101, long again at 101 (not scored yet)
    const account = paperAccount([f(0, 100, 0.002, 102), f(1, 102, -0.002, 101), f(2, 101, 0.002)], gated, 1, ['BTCUSDT'])
    const byHand = 1 * 0.999 * 1.02 * (1 - 0.001) * 0.999 // buy, earn 2 %, sell (fee on 1.01898), buy again
    expect(account.perCoin.BTCUSDT!.equity).toBeCloseTo(byHand, 12)
    expect(account.perCoin.BTCUSDT!.position).toBe(1)
    expect(account.fills.map((x) => [x.side, x.positionAfter, x.price])).toEqual([['buy', 1, 100], ['sell', 0, 102], ['buy', 1, 101]])
    // buy-and-hold pays one entry fee and earns 100 → 101
    expect(account.perCoin.BTCUSDT!.buyAndHold).toBeCloseTo(0.999 * 1.01, 12)
    expect(account.portfolio.equity[account.portfolio.equity.length - 1]).toBeCloseTo(byHand, 12)
  })

  it('closes at a missing hour and does not trade late forecasts', () => {
    // hour 1 was slept through; hour 2's forecast was made late
    const account = paperAccount([f(0, 100, 0.002, 102), f(2, 103, 0.002, 104, { late: true }), f(3, 104, 0.002, 105)], gated, 1, ['BTCUSDT'])
    // forced close after hour 0; hour 3 buys again, and with no forecast after it (yet) it is closed at its close too
    const byHand = 0.999 * 1.02 * 0.999 * 0.999 * (105 / 104) * 0.999
    expect(account.perCoin.BTCUSDT!.equity).toBeCloseTo(byHand, 12)
    expect(account.fills.map((x) => [x.side, x.price])).toEqual([['buy', 100], ['sell', 102], ['buy', 104], ['sell', 105]])
    expect(account.perCoin.BTCUSDT!.position).toBe(0)
  })

  it('holds into a forecast what the previous on-time forecast held, exactly an hour before', () => {
    const vol: RuleParams = { ...gated, rule: 'volTarget', volTarget: 0.5, leverage: 1, band: 0.1 }
    const prev = { ...f(0, 100, 0, 101), position: 0.37 }
    const next = f(1, 101, 0)
    // σ̂ = 0.008 / 2.5632 = 0.003121; target 0.5/√8760/σ̂ = 1.71 → capped at 1, |1 − 0.37| > 0.1: rebalance
    expect(positionFor(next, [prev], vol, 1)).toBe(1)
    expect(positionFor(next, [{ ...prev, position: 0.95 }], vol, 1)).toBe(0.95)
    expect(positionFor(next, [{ ...prev, barOpenTime: T0 - H, position: 0.95 }], vol, 1)).toBe(1)
    expect(positionFor({ ...next, late: true }, [prev], vol, 1)).toBe(0)
  })
})
