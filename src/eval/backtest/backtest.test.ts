import { describe, expect, it } from 'vitest'
import type { QuantileForecast } from '../baselines'
import type { CoinForecast } from '../types'
import { backtest } from './backtest'
import { tradeColumns, TRADE_COLUMNS } from './trades'
import type { RuleParams } from './types'

const H = 3_600_000
const PARAMS: RuleParams = { rule: 'gated', maxWidth: 0.015, threshold: 0.001, shorts: false, volTarget: 0.5, leverage: 1, band: 0.1, fee: 0.001, slippage: 0 }

function coin(symbol: string, closes: number[], mid: number[]): CoinForecast {
  const n = closes.length - 1
  return {
    symbol, openTime: Float64Array.from({ length: n }, (_, k) => k * H), close: Float64Array.from(closes.slice(0, n)),
    actual: Float64Array.from({ length: n }, (_, k) => Math.log(closes[k + 1]! / closes[k]!)),
    low: new Float64Array(n).fill(-0.005), mid: Float64Array.from(mid), high: new Float64Array(n).fill(0.005),
  }
}

const flat = (n: number, mid = 0): QuantileForecast => ({ low: new Float64Array(n).fill(-0.005), mid: new Float64Array(n).fill(mid), high: new Float64Array(n).fill(0.005) })

describe('backtest of the model, buy-and-hold and the baselines on the same bars', () => {
  const a = coin('AAAUSDT', [100, 102, 101, 103], [0.002, -0.002, 0.002])
  const b = coin('BBBUSDT', [50, 49, 50, 51], [-0.002, 0.002, 0.002])
  const baselines = { AAAUSDT: { randomWalk: flat(3), historical: flat(3, 0.002), ewma: flat(3) }, BBBUSDT: { randomWalk: flat(3), historical: flat(3, 0.002), ewma: flat(3) } }
  const { backtest: bt, paths } = backtest({ split: 'test', horizon: 1, params: PARAMS, forecasts: [a, b], baselines, seed: 1, draws: 50 })

  it('per coin and as the mean of the coins', () => {
    // A: long bar 0 (0.999 · 1.02, sell 0.999), out bar 1, long bar 2 (0.999 · 103/101 · 0.999)
    const eA = 0.999 * 1.02 * 0.999 * 0.999 * (103 / 101) * 0.999
    // B: out bar 0, long bars 1 and 2 (0.999 · 51/49, close 0.999)
    const eB = 0.999 * (51 / 49) * 0.999
    expect(bt.perCoin.AAAUSDT!.finalEquity).toBeCloseTo(eA, 12)
    expect(bt.perCoin.BBBUSDT!.finalEquity).toBeCloseTo(eB, 12)
    expect(bt.portfolio.finalEquity).toBeCloseTo((eA + eB) / 2, 12)
    expect(bt.portfolio.trades).toBe(3)
  })

  it('buy-and-hold pays the entry and the exit; the random walk (median 0) never trades; trailing trades every bar', () => {
    expect(bt.buyAndHold.perCoin.AAAUSDT!.finalEquity).toBeCloseTo(0.999 * 1.03 * 0.999, 12)
    expect(bt.buyAndHold.portfolio.finalEquity).toBeCloseTo((0.999 * 1.03 * 0.999 + 0.999 * 1.02 * 0.999) / 2, 12)
    expect(bt.baselines.randomWalk.portfolio).toMatchObject({ finalEquity: 1, trades: 0, exposure: 0, winRate: null })
    expect(bt.baselines.historical.portfolio.finalEquity).toBeCloseTo(bt.buyAndHold.portfolio.finalEquity, 12)
    expect(bt.comparisons.map((c) => c.against)).toEqual(['buyAndHold', 'randomWalk', 'historical', 'ewma'])
    expect(bt.comparisons[0]!.days).toBe(1)
  })

  it('the trades table: one row per position change in the documented columns', () => {
    const cols = tradeColumns(paths.fills)
    expect(cols.map((c) => c.name)).toEqual([...TRADE_COLUMNS])
    expect(paths.fills.map((f) => `${f.symbol} ${f.openTime / H} ${f.side} ${f.positionBefore}→${f.positionAfter} @${f.price}`)).toEqual([
      'AAAUSDT 0 buy 0→1 @100', 'AAAUSDT 1 sell 1→0 @102', 'AAAUSDT 2 buy 0→1 @101', 'AAAUSDT 3 sell 1→0 @103',
      'BBBUSDT 1 buy 0→1 @49', 'BBBUSDT 3 sell 1→0 @51',
    ])
    expect(Array.from(cols[6]!.data as Float64Array)).toEqual(paths.fills.map((f) => f.fee))
  })

  it('leaves out a coin with no forecasts in the split (its data ended before it), as if it were not chosen', () => {
    const none: CoinForecast = { symbol: 'CCCUSDT', openTime: new Float64Array(0), close: new Float64Array(0), actual: new Float64Array(0), low: new Float64Array(0), mid: new Float64Array(0), high: new Float64Array(0) }
    const withEmpty = backtest({ split: 'test', horizon: 1, params: PARAMS, forecasts: [a, none, b], baselines: { ...baselines, CCCUSDT: { randomWalk: flat(0), historical: flat(0), ewma: flat(0) } }, seed: 1, draws: 50 })
    expect(withEmpty.backtest.portfolio).toEqual(bt.portfolio)
    expect(withEmpty.backtest.comparisons).toEqual(bt.comparisons)
    expect(Object.keys(withEmpty.backtest.perCoin)).toEqual(['AAAUSDT', 'BBBUSDT'])
  })

  it('says what is missing', () => {
    expect(() => backtest({ split: 'val', horizon: 1, params: PARAMS, forecasts: [], baselines: {}, seed: 1 })).toThrow(/backtest: no forecasts of the val split/)
    expect(() => backtest({ split: 'test', horizon: 1, params: PARAMS, forecasts: [a], baselines: {}, seed: 1 })).toThrow(/backtest: no randomWalk forecasts for AAAUSDT/)
  })
})
