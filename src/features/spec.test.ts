import { describe, expect, it } from 'vitest'
import { allFeatureNames, computeColumns, DEFAULT_INDICATORS, featureNames } from './spec'

describe('feature names', () => {
  it('are the seed names, exactly, for the default set', () => {
    expect(allFeatureNames(DEFAULT_INDICATORS)).toEqual([
      'log_return', 'volatility_14', 'volatility_ratio', 'atr_14', 'bb_width_20', 'range_14', 'rsi_14',
      'macd', 'macd_signal', 'macd_hist', 'momentum_10', 'roc_10', 'volume_ratio_20',
    ])
  })
  it('follow the periods', () => {
    expect(featureNames({ kind: 'rsi', period: 7 })).toEqual(['rsi_7'])
    expect(featureNames({ kind: 'volatility_ratio', period: 7, mean: 30 })).toEqual(['volatility_ratio_7_30'])
    expect(featureNames({ kind: 'macd', fast: 5, slow: 35, signal: 5 })).toEqual(['macd_5_35_5', 'macd_signal_5_35_5', 'macd_hist_5_35_5'])
    expect(featureNames({ kind: 'bb_width', period: 20, k: 3 })).toEqual(['bb_width_20_3'])
  })
  it('refuse the same feature twice', () => {
    expect(() => allFeatureNames([{ kind: 'rsi', period: 14 }, { kind: 'rsi', period: 14 }])).toThrow("features: 'rsi_14' is listed twice")
  })
})

describe('computeColumns', () => {
  it('gives one column per name, as long as the series', () => {
    const n = 100
    const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i / 5))
    const c = { openTime: close.map((_, i) => i * 3_600_000), open: close, high: close.map((x) => x + 1), low: close.map((x) => x - 1), close, volume: close.map(() => 5) }
    const cols = computeColumns(c, DEFAULT_INDICATORS)
    expect(cols).toHaveLength(13)
    for (const col of cols) expect(col.length).toBe(n)
    // every feature is defined once the longest warm-up (volatility_ratio: 14 + 59 = 73 bars) has passed
    for (const col of cols) expect(Number.isFinite(col[73]!)).toBe(true)
    expect(cols.some((col) => Number.isNaN(col[72]!))).toBe(true)
  })
})
