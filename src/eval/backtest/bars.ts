import type { CoinForecast } from '../types'
import type { Bars } from './types'

const HOUR = 3_600_000

/**
 * The forecasts a backtest trades on, read as the predictions file has them (next_close = close · exp(actual)).
 * For h > 1 only every h-th bar is kept, so positions never overlap: a bar is kept when it is at least h hours after
 * the last one kept (after a hole, the first bar past it).
 */
export function barsOf(f: CoinForecast, horizon: number, quantiles?: { low?: Float64Array; mid: Float64Array; high?: Float64Array }): Bars {
  const q = quantiles ?? f
  const idx: number[] = []
  let last = -Infinity
  for (let i = 0; i < f.openTime.length; i++) {
    if (f.openTime[i]! < last + horizon * HOUR) continue
    idx.push(i)
    last = f.openTime[i]!
  }
  const pick = (a: ArrayLike<number> | undefined, map: (v: number, i: number) => number = (v) => v) =>
    Float64Array.from(idx, (i) => (a ? map(a[i]!, i) : NaN))
  return {
    symbol: f.symbol,
    openTime: pick(f.openTime),
    close: pick(f.close),
    nextClose: pick(f.actual, (y, i) => f.close[i]! * Math.exp(y)),
    q10: pick(q.low),
    q50: pick(q.mid),
    q90: pick(q.high),
  }
}
