import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeCandleFile } from './decode'
import { hintFromFreqtradeName } from './feather'
import { toArrayBuffer } from './testing'

// Written by pyarrow (scripts/feather-fixtures.py), an independent writer, in the codecs freqtrade uses.
const fixture = (name: string) => toArrayBuffer(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)))
const T = 1_704_067_200_000
const NOW = Date.UTC(2026, 0, 1)

describe('freqtrade Feather files', () => {
  it.each([
    ['BTC_USDT-1h.feather', 'lz4, date in ns', 'BTCUSDT', '1h', 70, 3_600_000],
    ['BTC_USDT-15m.feather', 'zstd, date in ms', 'BTCUSDT', '15m', 300, 900_000],
    ['ETH_USDT_USDT-1h-futures.feather', 'uncompressed futures, date in µs', 'ETHUSDT', '1h', 70, 3_600_000],
    ['SOL_USDT-15m.feather', 'lz4 over several linked frame blocks', 'SOLUSDT', '15m', 10_000, 900_000],
  ])('reads %s (%s): pair and timeframe from the name', async (name, _, symbol, interval, bars, step) => {
    const { series, warnings } = await decodeCandleFile(fixture(name), name, {}, 'file', NOW)
    expect(warnings).toEqual([])
    expect(series).toHaveLength(1)
    const s = series[0]!
    expect([s.symbol, s.interval, s.candles.openTime.length]).toEqual([symbol, interval, bars])
    const last = bars - 1
    // pyarrow wrote close = 100 + (i mod 7) + i/100, volume = 12.5 + i, date = T + i·step
    expect(s.candles.openTime[last]).toBe(T + last * step)
    expect(s.candles.close[last]).toBeCloseTo(100 + (last % 7) + last / 100, 10)
    expect(s.candles.volume[last]).toBe(12.5 + last)
  })

  it('names pairs the freqtrade way', () => {
    expect(hintFromFreqtradeName('BTC_USDT-1h.feather')).toEqual({ symbol: 'BTCUSDT', interval: '1h' })
    expect(hintFromFreqtradeName('data/binance/futures/BTC_USDT_USDT-15m-futures.feather')).toEqual({ symbol: 'BTCUSDT', interval: '15m' })
    expect(hintFromFreqtradeName('candles.feather')).toEqual({})
  })

  it('refuses a timeframe the studio does not read, and a damaged file, in words', async () => {
    await expect(decodeCandleFile(fixture('BTC_USDT-1h.feather'), 'BTC_USDT-5m.feather', {}, 'file', NOW)).rejects.toThrow(
      'file: BTC_USDT-5m.feather holds 5m candles; the studio reads 1h and 15m',
    )
    const cut = fixture('BTC_USDT-1h.feather').slice(0, 2000)
    await expect(decodeCandleFile(cut, 'BTC_USDT-1h.feather', {}, 'file', NOW)).rejects.toThrow(
      /^file: BTC_USDT-1h\.feather is incomplete or not a Feather \(Arrow IPC\) file|^file: BTC_USDT-1h\.feather has Feather columns that do not decode/,
    )
  })
})
