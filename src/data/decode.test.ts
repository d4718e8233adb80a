import { describe, expect, it } from 'vitest'
import { decodeCandleFile } from './decode'
import { writeCandlesParquet } from './parquet'
import { bundledPair } from './testing'

const T = 1_704_067_200_000 // 2024-01-01T00:00Z
const H = 3_600_000
const enc = (s: string) => new TextEncoder().encode(s).buffer as ArrayBuffer

/** n hourly rows of a plausible CSV, header included; `edit` may change row i (0-based) before joining. */
function csv(n: number, edit: (i: number, cells: string[]) => string[] | null = (_, c) => c, header = 'open_time,open,high,low,close,volume'): ArrayBuffer {
  const lines = [header]
  for (let i = 0; i < n; i++) {
    const c = 100 + (i % 7)
    const row = edit(i, [String(T + i * H), String(c - 0.5), String(c + 1), String(c - 1), String(c), '12.5'])
    if (row) lines.push(row.join(','))
  }
  return enc(lines.join('\n') + '\n')
}

describe('decodeCandleFile: good files', () => {
  it('reads a single-series CSV named after its pair', async () => {
    const { series, warnings } = await decodeCandleFile(csv(70), 'ETHUSDT-1h.csv', {}, 'file')
    expect(warnings).toEqual([])
    expect(series).toHaveLength(1)
    expect(series[0]).toMatchObject({ symbol: 'ETHUSDT', interval: '1h', source: 'file' })
    expect(series[0]!.candles.close[8]).toBe(101)
  })

  it('uses the symbol and interval the user typed when the name says nothing', async () => {
    const { series } = await decodeCandleFile(csv(70), 'prices.csv', { symbol: 'SOLUSDT', interval: '1h' }, 'file')
    expect(series[0]).toMatchObject({ symbol: 'SOLUSDT', interval: '1h' })
  })

  it('reads long format with several series and ISO dates', async () => {
    const lines = ['symbol,interval,open_time,open,high,low,close,volume']
    for (let i = 0; i < 60; i++) {
      lines.push(`BTCUSDT,1h,${new Date(T + i * H).toISOString()},1,2,1,2,3`)
      for (let q = 0; q < 4; q++) lines.push(`btcusdt,15m,${T + i * H + q * 900_000},1,2,1,2,3`)
    }
    const { series } = await decodeCandleFile(enc(lines.join('\n')), 'mine.csv', {}, 'file')
    expect(series.map((s) => [s.symbol, s.interval, s.candles.openTime.length])).toEqual([['BTCUSDT', '1h', 60], ['BTCUSDT', '15m', 240]])
  })

  it('sorts unsorted rows, drops duplicates and lists gaps, each with a warning', async () => {
    const file = csv(80, (i, c) => (i === 20 || i === 21 ? null : c))
    const text = new TextDecoder().decode(file).trim().split('\n')
    const shuffled = [text[0], ...text.slice(1).reverse(), text[5]].join('\n')
    const { series, warnings } = await decodeCandleFile(enc(shuffled), 'BTCUSDT-1h.csv', {}, 'file')
    expect(warnings).toEqual([
      'BTCUSDT 1h: rows were not in time order; sorted them',
      'BTCUSDT 1h: 1 duplicate open time(s); kept the first of each',
      'BTCUSDT 1h: 2 missing bar(s) in 1 gap(s)',
    ])
    expect(series[0]!.gaps).toEqual([{ after: T + 19 * H, before: T + 22 * H, missing: 2 }])
    expect(series[0]!.candles.openTime.length).toBe(78)
  })

  it('loads a million rows', async () => {
    const lines = ['open_time,open,high,low,close,volume']
    for (let i = 0; i < 1_000_000; i++) lines.push(`${T + i * 900_000},1.5,2,1,1.75,10`)
    const { series } = await decodeCandleFile(enc(lines.join('\n')), 'DOGEUSDT-15m.csv', {}, 'file')
    expect(series[0]!.candles.openTime.length).toBe(1_000_000)
    expect(series[0]!.candles.openTime[999_999]).toBe(T + 999_999 * 900_000)
  }, 60_000)
})

describe('decodeCandleFile: bad files say what is wrong', () => {
  it.each<[string, ArrayBuffer, string, string]>([
    ['an empty file', new ArrayBuffer(0), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv is empty (0 bytes)'],
    ['a header without rows', enc('open_time,open,high,low,close,volume\n'), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv has no data rows'],
    ['binary garbage', Uint8Array.from([0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81]).buffer, 'data.bin', 'file: data.bin is neither Parquet nor UTF-8 text'],
    ['a .parquet that is not Parquet', enc('hello,world\n1,2\n'), 'x.parquet', 'file: x.parquet is not a Parquet file (it does not start with PAR1)'],
    ['a missing column', csv(70, (_, c) => c.slice(0, 5), 'open_time,open,high,low,close'), 'BTCUSDT-1h.csv', "lacks column(s) 'volume' (found: open_time, open, high, low, close;"],
    ['a misnamed column', csv(70, (_, c) => c, 'timestamp,open,high,low,close,volume'), 'BTCUSDT-1h.csv', "lacks column(s) 'open_time' (found: timestamp, open,"],
    ['a non-numeric price', csv(70, (i, c) => (i === 2 ? [c[0]!, c[1]!, c[2]!, c[3]!, 'abc', c[5]!] : c)), 'BTCUSDT-1h.csv', "file: row 3: close is 'abc', not a number"],
    ['an empty price', csv(70, (i, c) => (i === 4 ? [c[0]!, '', ...c.slice(2)] : c)), 'BTCUSDT-1h.csv', 'file: row 5: open is empty, not a number'],
    ['a NaN price', csv(70, (i, c) => (i === 4 ? [c[0]!, 'NaN', ...c.slice(2)] : c)), 'BTCUSDT-1h.csv', "file: row 5: open is 'NaN', not a number"],
    ['a negative price', csv(70, (i, c) => (i === 6 ? [...c.slice(0, 3), '-1', ...c.slice(4)] : c)), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h row 7 (2024-01-01T06:00Z): low is -1; prices must be finite and > 0'],
    ['high below low', csv(70, (i, c) => (i === 9 ? [c[0]!, c[1]!, '90', ...c.slice(3)] : c)), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h row 10 (2024-01-01T09:00Z): high 90 is below low 101'],
    ['times in seconds', csv(70, (i, c) => [String((T + i * H) / 1000), ...c.slice(1)]), 'BTCUSDT-1h.csv', 'file: row 1: open_time 1704067200 is not epoch milliseconds (it looks like seconds: multiply by 1000)'],
    ['too few bars', csv(59), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h has 59 bar(s), fewer than one 60-bar window'],
    ['a file that does not name its pair', csv(70), 'prices.csv', "file: prices.csv has no 'symbol' column and its name does not say the pair"],
    ['an unsupported interval', csv(70, (_, c) => ['ETHUSDT', '5m', ...c], 'symbol,interval,open_time,open,high,low,close,volume'), 'x.csv', "file: row 1: interval '5m' is not supported (use 1h or 15m)"],
    ['a ragged CSV line', enc('open_time,open,high,low,close,volume\n1,2,3\n'), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv line 2 has 3 field(s), the header has 6'],
  ])('%s', async (_, bytes, name, message) => {
    await expect(decodeCandleFile(bytes, name, {}, 'file')).rejects.toThrow(message)
  })

  it('a truncated Parquet file', async () => {
    const bytes = writeCandlesParquet(await bundledPair('LINKUSDT'))
    await expect(decodeCandleFile(bytes.slice(0, bytes.byteLength >> 1), 'LINKUSDT.parquet', {}, 'file')).rejects.toThrow(
      'file: LINKUSDT.parquet is truncated or damaged (the Parquet footer is missing)',
    )
  })

  it('a Parquet file with damaged pages', async () => {
    const bytes = new Uint8Array(writeCandlesParquet(await bundledPair('LINKUSDT')))
    for (let i = 200; i < 5000; i++) bytes[i] = 0xab
    await expect(decodeCandleFile(bytes.buffer, 'LINKUSDT.parquet', {}, 'file')).rejects.toThrow('file: LINKUSDT.parquet could not be decoded as Parquet (')
  })

  it('more rows than the studio holds, refused before parsing', async () => {
    const big = enc('open_time,open,high,low,close,volume\n' + '1\n'.repeat(5_000_001))
    await expect(decodeCandleFile(big, 'BTCUSDT-1h.csv', {}, 'file')).rejects.toThrow('file: BTCUSDT-1h.csv has 5,000,001 rows, more than the 5,000,000 the studio holds')
  })
})
