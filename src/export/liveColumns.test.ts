import { describe, expect, it } from 'vitest'
import { readParquet, writeColumnsParquet } from '../data/parquet'
import type { LiveForecast } from '../eval/live/types'
import { LIVE_COLUMNS, liveForecastColumns } from './liveColumns'

const base: LiveForecast['baselines'] = { randomWalk: [-0.02, 0, 0.02], historical: [-0.03, 0.001, 0.03], ewma: [-0.01, 0, 0.01] }
const T = Date.UTC(2024, 8, 13, 11)

describe('live forecasts export', () => {
  it('writes one row per forecast in time order, scores null while pending', async () => {
    const pending: LiveForecast = { symbol: 'ETHUSDT', barOpenTime: T + 3_600_000, madeAt: T + 7_205_000, late: false, close: 2400, q10: -0.01, q50: 0, q90: 0.01, baselines: base, position: 0.5 }
    const scored: LiveForecast = { ...pending, symbol: 'BTCUSDT', barOpenTime: T, madeAt: T + 5_000_000, late: true, close: 60000, position: 0, realised: { close: 61000, actual: Math.log(61000 / 60000) } }
    const t = await readParquet(writeColumnsParquet(liveForecastColumns([pending, scored])), 'live.parquet')
    expect([...t.columns.keys()]).toEqual([...LIVE_COLUMNS])
    const col = (k: string) => Array.from(t.columns.get(k)!, (v) => (typeof v === 'bigint' ? Number(v) : v))
    expect(col('symbol')).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(col('open_time')).toEqual([T, T + 3_600_000])
    expect(col('made_at')).toEqual([T + 5_000_000, T + 7_205_000])
    expect(col('late')).toEqual([1, 0])
    expect(col('next_close')).toEqual([61000, null])
    expect(col('covered')).toEqual([0, null]) // ln(61000/60000) = 0.0165 is above q90 = 0.01
    expect(col('hist_q50')).toEqual([0.001, 0.001])
    expect(col('position')).toEqual([0, 0.5])
  })
})
