import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_BACKTEST } from '../../config/runConfig'
import { sliceCandles } from '../../data/candles'
import { bundledPair } from '../../data/testing'
import type { Candles } from '../../data/types'
import { buildCoinFeatures } from '../../features/pipeline'
import { DEFAULT_FEATURES } from '../../features/spec'
import { finishRefresh, planRefresh, type LiveSnapshot } from './refresh'
import { missedHours } from './schedule'
import type { LiveForecast } from './types'

const H = 3_600_000
let h1: Candles, m15: Candles, snap: LiveSnapshot, bar0: number

beforeAll(async () => {
  const s = await bundledPair('BTCUSDT')
  h1 = s.find((x) => x.interval === '1h')!.candles
  m15 = s.find((x) => x.interval === '15m')!.candles
  const coin = buildCoinFeatures('BTCUSDT', h1, m15, DEFAULT_FEATURES)
  snap = { features: DEFAULT_FEATURES, stats: { BTCUSDT: coin.stats }, levels: [0.1, 0.5, 0.9], ewmaLambda: 0.94, rule: { ...DEFAULT_BACKTEST } }
  bar0 = coin.h1.start + coin.samples.val.end1h[100]! * H
})

/** What the exchange serves at `now`: bars that have closed (the client drops the one still forming). */
function exchangeAt(now: number) {
  const closed = (c: Candles, step: number) => sliceCandles(c, now - 1000 * step, now - step)
  return new Map([['BTCUSDT', { h1: closed(h1, H), m15: closed(m15, 900_000) }], ['ETHUSDT', { h1: closed(h1, H), m15: closed(m15, 900_000) }]])
}

/** One refresh with a stand-in model whose scaled quantiles are −1, 0, 1. */
function refresh(now: number, before: LiveForecast[], failures = new Map<string, string>(), symbols = ['BTCUSDT']) {
  const plan = planRefresh(now, before, exchangeAt(now), failures, snap, symbols)
  return { plan, forecasts: finishRefresh(plan, Float32Array.from(plan.inputs.flatMap(() => [-1, 0, 1])), 3, snap) }
}

describe('live refresh and catch-up', () => {
  it('forecasts the last closed bar once, and quarter-hour refreshes in the hour add nothing', () => {
    const a = refresh(bar0 + H + 5000, [])
    expect(a.forecasts).toHaveLength(1)
    const f = a.forecasts[0]!
    expect(f.barOpenTime).toBe(bar0)
    expect(f.late).toBe(false)
    expect(f.close).toBe(h1.close[Array.from(h1.openTime).indexOf(bar0)])
    expect(f.q90).toBeCloseTo(-f.q10, 12) // ±σ_t·√h
    const b = refresh(bar0 + H + 15 * 60_000 + 5000, a.forecasts)
    expect(b.plan.inputs).toHaveLength(0)
    expect(b.forecasts).toEqual(a.forecasts)
  })

  it('after a sleep: scores the hours that closed meanwhile, marks the forecast made on waking late, counts missed hours', () => {
    const first = refresh(bar0 + H + 5000, []).forecasts
    const woke = bar0 + 4 * H + 20 * 60_000
    const { plan, forecasts } = refresh(woke, first)
    expect(plan.scored).toBe(1)
    const scored = forecasts[0]!
    const target = h1.close[Array.from(h1.openTime).indexOf(bar0 + H)]!
    expect(scored.realised).toEqual({ close: target, actual: Math.log(target / scored.close) })
    const made = forecasts[1]!
    expect(made.barOpenTime).toBe(bar0 + 3 * H)
    expect(made.late).toBe(true)
    expect(made.position).toBe(0)
    expect(missedHours(forecasts.map((f) => f.barOpenTime), plan.bar)).toBe(2)
    // no forecast is scored against a bar that had closed when it was made
    for (const f of forecasts.filter((x) => x.realised)) expect(f.madeAt).toBeLessThan(f.barOpenTime + 2 * H)
  })

  it('skips an unknown coin with the exchange\'s reason and goes on with the others', () => {
    const { plan, forecasts } = refresh(bar0 + H + 5000, [], new Map([['FOOUSDT', 'binance: unknown symbol FOOUSDT (code -1121: Invalid symbol.)']]), ['FOOUSDT', 'BTCUSDT', 'ETHUSDT'])
    expect(plan.skipped).toEqual(['FOOUSDT: binance: unknown symbol FOOUSDT (code -1121: Invalid symbol.)', 'ETHUSDT: the run has no statistics for it'])
    expect(forecasts.map((f) => f.symbol)).toEqual(['BTCUSDT'])
  })
})
