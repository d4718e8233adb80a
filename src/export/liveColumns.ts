import type { OutColumn } from '../data/parquet'
import type { LiveForecast } from '../eval/live/types'

/** Column order of the live forecasts export; the README documents it. */
export const LIVE_COLUMNS = ['symbol', 'open_time', 'made_at', 'late', 'close', 'q10', 'q50', 'q90', 'position', 'next_close', 'actual', 'covered',
  'rw_q10', 'rw_q90', 'hist_q10', 'hist_q50', 'hist_q90', 'ewma_q10', 'ewma_q50', 'ewma_q90'] as const

/**
 * Live forecasts with their scores, one row each in time order: the bar it was made at (open time, epoch ms), when
 * it was made (the exchange's time), whether late (1) or not (0), the close, the forecast log-return quantiles, the
 * rule's position, and once scored the target bar's close, the realised log return and whether it fell inside
 * [q10, q90] (null while pending or never scorable); then the baselines' quantiles.
 */
export function liveForecastColumns(forecasts: readonly LiveForecast[]): OutColumn[] {
  const rows = [...forecasts].sort((a, b) => a.barOpenTime - b.barOpenTime || (a.symbol < b.symbol ? -1 : 1))
  const num = (name: string, get: (f: LiveForecast) => number): OutColumn => ({ name, type: 'DOUBLE', data: Float64Array.from(rows, get) })
  const real = (get: (r: NonNullable<LiveForecast['realised']>, f: LiveForecast) => number) => (f: LiveForecast) => (f.realised ? get(f.realised, f) : NaN)
  return [
    { name: 'symbol', type: 'STRING', data: rows.map((f) => f.symbol) },
    { name: 'open_time', type: 'TIME_MS', data: Float64Array.from(rows, (f) => f.barOpenTime) },
    { name: 'made_at', type: 'TIME_MS', data: Float64Array.from(rows, (f) => f.madeAt) },
    num('late', (f) => (f.late ? 1 : 0)),
    num('close', (f) => f.close),
    num('q10', (f) => f.q10),
    num('q50', (f) => f.q50),
    num('q90', (f) => f.q90),
    num('position', (f) => f.position),
    num('next_close', real((r) => r.close)),
    num('actual', real((r) => r.actual)),
    num('covered', real((r, f) => (f.q10 <= r.actual && r.actual <= f.q90 ? 1 : 0))),
    num('rw_q10', (f) => f.baselines.randomWalk[0]),
    num('rw_q90', (f) => f.baselines.randomWalk[2]),
    num('hist_q10', (f) => f.baselines.historical[0]),
    num('hist_q50', (f) => f.baselines.historical[1]),
    num('hist_q90', (f) => f.baselines.historical[2]),
    num('ewma_q10', (f) => f.baselines.ewma[0]),
    num('ewma_q50', (f) => f.baselines.ewma[1]),
    num('ewma_q90', (f) => f.baselines.ewma[2]),
  ]
}
