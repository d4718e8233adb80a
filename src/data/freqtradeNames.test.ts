import { describe, expect, it } from 'vitest'
import { freqtradeFileName, hintFromFreqtradeName } from './freqtradeNames'

describe('freqtrade file names', () => {
  it('names pairs the freqtrade way', () => {
    expect(hintFromFreqtradeName('BTC_USDT-1h.feather')).toEqual({ symbol: 'BTCUSDT', interval: '1h' })
    expect(hintFromFreqtradeName('data/binance/futures/BTC_USDT_USDT-15m-futures.feather')).toEqual({ symbol: 'BTCUSDT', interval: '15m' })
    expect(hintFromFreqtradeName('candles.feather')).toEqual({})
  })

  it('names files the freqtrade way', () => {
    expect(freqtradeFileName({ symbol: 'BTCUSDT', interval: '1h' })).toBe('BTC_USDT-1h.feather')
    expect(freqtradeFileName({ symbol: 'ETHBTC', interval: '15m' })).toBe('ETH_BTC-15m.feather')
  })
})
