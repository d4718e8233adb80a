import type { OutColumn } from '../data/parquet'
import type { CoinForecast } from './types'

/** Column order of exported predictions; README and metrics recomputation rely on it. */
export const PREDICTION_COLUMNS = ['symbol', 'open_time', 'close', 'next_close', 'q10', 'q50', 'q90'] as const

/**
 * Forecasts as one long table: the 1h bar each forecast is made at (open time, epoch ms), its close, the realised
 * close at the horizon, and the forecast log-return quantiles ln(next_close / close). A one-value model's value is
 * q50 and its q10/q90 are NaN, written as nulls.
 */
export function predictionColumns(forecasts: readonly CoinForecast[]): OutColumn[] {
  const n = forecasts.reduce((s, f) => s + f.close.length, 0)
  const symbol: string[] = new Array<string>(n)
  const cols = { open_time: new Float64Array(n), close: new Float64Array(n), next_close: new Float64Array(n), q10: new Float64Array(n), q50: new Float64Array(n), q90: new Float64Array(n) }
  let at = 0
  for (const f of forecasts) {
    for (let i = 0; i < f.close.length; i++, at++) {
      symbol[at] = f.symbol
      cols.open_time[at] = f.openTime[i]!
      cols.close[at] = f.close[i]!
      cols.next_close[at] = f.close[i]! * Math.exp(f.actual[i]!)
      cols.q10[at] = f.low ? f.low[i]! : NaN
      cols.q50[at] = f.mid[i]!
      cols.q90[at] = f.high ? f.high[i]! : NaN
    }
  }
  return [
    { name: 'symbol', type: 'STRING', data: symbol },
    { name: 'open_time', type: 'TIME_MS', data: cols.open_time },
    { name: 'close', type: 'DOUBLE', data: cols.close },
    { name: 'next_close', type: 'DOUBLE', data: cols.next_close },
    { name: 'q10', type: 'DOUBLE', data: cols.q10 },
    { name: 'q50', type: 'DOUBLE', data: cols.q50 },
    { name: 'q90', type: 'DOUBLE', data: cols.q90 },
  ]
}
