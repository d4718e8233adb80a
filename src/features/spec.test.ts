import { describe, expect, it } from 'vitest'
import { allFeatureNames, computeColumns, DEFAULT_INDICATORS, featureNames, SEED_INDICATORS } from './spec'

describe('feature names', () => {
  it('are the studio default set, every one free of price units', () => {
    expect(allFeatureNames(DEFAULT_INDICATORS)).toEqual([
      'log_return', 'abs_log_return', 'log_hl', 'realized_vol_4', 'volatility_14', 'volatility_ratio', 'natr_14', 'bb_width_20',
      'range_14', 'rsi_14', 'ppo', 'roc_10', 'volume_ratio_20', 'hour_sin', 'hour_cos', 'dow_sin', 'dow_cos',
    ])
  })
  it('are the seed names, exactly, for the seed set', () => {
    expect(allFeatureNames(SEED_INDICATORS)).toEqual([
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
    const cols = computeColumns(c, SEED_INDICATORS)
    expect(cols).toHaveLength(13)
    for (const col of cols) expect(col.length).toBe(n)
    // every feature is defined once the longest warm-up (volatility_ratio: 14 + 59 = 73 bars) has passed
    for (const col of cols) expect(Number.isFinite(col[73]!)).toBe(true)
    expect(cols.some((col) => Number.isNaN(col[72]!))).toBe(true)
    const studio = computeColumns(c, DEFAULT_INDICATORS)
    expect(studio).toHaveLength(allFeatureNames(DEFAULT_INDICATORS).length)
    for (const col of studio) expect(Number.isFinite(col[73]!)).toBe(true)
  })
  it('gives the same scale-free columns for a coin at 100× the price', () => {
    const n = 120
    const close = Float64Array.from({ length: n }, (_, i) => 100 + 3 * Math.sin(i / 5) + i / 10)
    const c = { openTime: close.map((_, i) => i * 3_600_000), open: close, high: close.map((x) => x * 1.01), low: close.map((x) => x * 0.99), close, volume: close.map(() => 5) }
    const x100 = (a: Float64Array) => a.map((v) => v * 100)
    const d = { ...c, open: x100(c.open), high: x100(c.high), low: x100(c.low), close: x100(c.close) }
    const a = computeColumns(c, DEFAULT_INDICATORS), b = computeColumns(d, DEFAULT_INDICATORS)
    a.forEach((col, j) => col.forEach((v, t) => (Number.isNaN(v) ? expect(b[j]![t]).toBeNaN() : expect(b[j]![t]).toBeCloseTo(v, 9))))
  })
})
