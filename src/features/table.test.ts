import { describe, expect, it } from 'vitest'
import { bundledPair } from '../data/testing'
import { logReturn, rsi } from './indicators'
import { DEFAULT_FEATURES } from './spec'
import { featureTable } from './table'

describe('featureTable', () => {
  it('lists every defined bar of every series with raw feature values', async () => {
    const series = await bundledPair('ARBUSDT')
    const t = featureTable(series, DEFAULT_FEATURES)
    const [h1, m15] = series
    // volatility_ratio is the last to be defined, at bar 73 of each series
    expect(t.openTime.length).toBe(h1!.candles.openTime.length - 73 + m15!.candles.openTime.length - 73)
    expect(t.symbol[0]).toBe('ARBUSDT')
    expect(t.interval.at(-1)).toBe('15m')
    expect(t.openTime[0]).toBe(h1!.candles.openTime[73])
    const k = t.names.indexOf('rsi_14')
    expect(t.columns[k]![10]).toBe(rsi(h1!.candles.close, 14)[83])
    expect(t.columns[t.names.indexOf('log_return')]![0]).toBe(logReturn(h1!.candles.close)[73])
  })
})
