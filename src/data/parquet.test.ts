import { tableFromIPC } from 'apache-arrow'
import { readParquet as readParquetWasm } from 'parquet-wasm/node'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { describe, expect, it } from 'vitest'
import { seriesToArrow } from './arrow'
import { decodeCandleFile } from './decode'
import { writeCandlesParquet } from './parquet'
import { bundledPair } from './testing'
import type { Series } from './types'

function expectSameSeries(a: Series[], b: Series[]) {
  expect(b.map((s) => `${s.symbol} ${s.interval}`)).toEqual(a.map((s) => `${s.symbol} ${s.interval}`))
  a.forEach((s, i) => {
    for (const k of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(b[i]!.candles[k]).toEqual(s.candles[k])
    }
    expect(b[i]!.gaps).toEqual(s.gaps)
  })
}

describe('Parquet round trip on real candles', () => {
  // Four real series through the writer and the reader: seconds when other processes share the two cores.
  it('writes the long format and reads back exactly the same dataset', async () => {
    const series = [...(await bundledPair('BTCUSDT')), ...(await bundledPair('DOGEUSDT'))]
    const bytes = writeCandlesParquet(series)
    const back = await decodeCandleFile(bytes, 'export.parquet', {}, 'file')
    expectSameSeries(series, back.series)
    // BTC 15m in the bundle holds the real 5-bar outage of 2023-03-24; gaps survive the round trip
    expect(series.find((s) => s.symbol === 'BTCUSDT' && s.interval === '15m')!.gaps.length).toBeGreaterThan(0)
  }, 60_000) // ~2 s on an idle machine; generous so two busy cores cannot fail it

  it('is read with the same values by an independent reader (parquet-wasm, Rust arrow-rs)', async () => {
    const series = await bundledPair('ETHUSDT')
    const table = tableFromIPC(readParquetWasm(new Uint8Array(writeCandlesParquet(series))).intoIPCStream())
    expect(table.schema.fields.map((f) => f.name)).toEqual(['symbol', 'interval', 'open_time', 'open', 'high', 'low', 'close', 'volume'])
    const n1h = series[0]!.candles.openTime.length
    expect(table.numRows).toBe(n1h + series[1]!.candles.openTime.length)
    const row = table.get(n1h + 5)!.toJSON()
    const s15 = series[1]!.candles
    expect(row).toEqual({
      symbol: 'ETHUSDT', interval: '15m', open_time: BigInt(s15.openTime[5]!),
      open: s15.open[5], high: s15.high[5], low: s15.low[5], close: s15.close[5], volume: s15.volume[5],
    })
    const close = table.getChild('close')!.toArray() as Float64Array
    expect(close.subarray(0, n1h)).toEqual(series[0]!.candles.close)
  })

  it('gives an Arrow view over the same numbers', async () => {
    const [h] = await bundledPair('SOLUSDT')
    const t = seriesToArrow(h!)
    expect(t.numRows).toBe(h!.candles.openTime.length)
    expect(t.getChild('close')!.get(10)).toBe(h!.candles.close[10])
  })
})

describe('reading Parquet written elsewhere', () => {
  it('reads a single series named by its file, with open_time as a Parquet timestamp', async () => {
    const T0 = 1_704_067_200_000
    const n = 60
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'open_time', data: Array.from({ length: n }, (_, i) => new Date(T0 + i * 900_000)), type: 'TIMESTAMP' },
        { name: 'open', data: Float64Array.from({ length: n }, () => 1.5), type: 'DOUBLE' },
        { name: 'high', data: Float64Array.from({ length: n }, () => 2), type: 'DOUBLE' },
        { name: 'low', data: Float64Array.from({ length: n }, () => 1), type: 'DOUBLE' },
        { name: 'close', data: Float64Array.from({ length: n }, (_, i) => 1 + i / 100), type: 'DOUBLE' },
        { name: 'volume', data: Float64Array.from({ length: n }, () => 3), type: 'DOUBLE' },
      ],
      codec: 'UNCOMPRESSED',
    })
    const { series } = await decodeCandleFile(bytes, 'SOLUSDT-15m.parquet', {}, 'file')
    expect(series).toHaveLength(1)
    expect(series[0]!.symbol).toBe('SOLUSDT')
    expect(series[0]!.interval).toBe('15m')
    expect(series[0]!.candles.openTime[1]).toBe(T0 + 900_000)
    expect(series[0]!.candles.close[59]).toBeCloseTo(1.59, 12)
  })
})
