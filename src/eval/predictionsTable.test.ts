import { describe, expect, it } from 'vitest'
import { readParquet, writeColumnsParquet } from '../data/parquet'
import { PREDICTION_COLUMNS, predictionColumns } from './predictionsTable'

const ln = Math.log

describe('predictionColumns', () => {
  it('one row per forecast: next_close is close · exp(realised return); quantiles as given; a one-value model has null q10/q90', async () => {
    const cols = predictionColumns([
      { symbol: 'BTCUSDT', openTime: Float64Array.of(0, 3_600_000), close: Float64Array.of(100, 110), actual: Float64Array.of(ln(1.1), ln(0.9)), low: Float64Array.of(-0.02, -0.03), mid: Float64Array.of(0.001, -0.002), high: Float64Array.of(0.02, 0.03) },
      { symbol: 'ETHUSDT', openTime: Float64Array.of(7_200_000), close: Float64Array.of(50), actual: Float64Array.of(0), mid: Float64Array.of(0.01) },
    ])
    expect(cols.map((c) => c.name)).toEqual([...PREDICTION_COLUMNS])
    const t = await readParquet(writeColumnsParquet(cols), 'predictions.parquet')
    const col = (n: string) => Array.from(t.columns.get(n) as ArrayLike<unknown>)
    expect(col('symbol')).toEqual(['BTCUSDT', 'BTCUSDT', 'ETHUSDT'])
    expect(col('open_time').map(Number)).toEqual([0, 3_600_000, 7_200_000])
    expect(col('close')).toEqual([100, 110, 50])
    const next = col('next_close') as number[]
    expect(next[0]).toBeCloseTo(110, 10)
    expect(next[1]).toBeCloseTo(99, 10)
    expect(next[2]).toBe(50)
    expect(col('q10')).toEqual([-0.02, -0.03, null])
    expect(col('q50')).toEqual([0.001, -0.002, 0.01])
    expect(col('q90')).toEqual([0.02, 0.03, null])
  })
})
