import { describe, expect, it } from 'vitest'
import { decodeCandleFile } from './decode'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { writeCandlesParquet } from './parquet'
import { bundledPair, hourlyParquet } from './testing'

const T = 1_704_067_200_000 // 2024-01-01T00:00Z
const NOW = Date.UTC(2026, 0, 1) // pinned: which bars have closed must not depend on the day the test runs
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
    const { series } = await decodeCandleFile(enc(lines.join('\n') + '\n'), 'mine.csv', {}, 'file')
    expect(series.map((s) => [s.symbol, s.interval, s.candles.openTime.length])).toEqual([['BTCUSDT', '1h', 60], ['BTCUSDT', '15m', 240]])
  })

  it('sorts unsorted rows, drops duplicates and lists gaps, each with a warning', async () => {
    const file = csv(80, (i, c) => (i === 20 || i === 21 ? null : c))
    const text = new TextDecoder().decode(file).trim().split('\n')
    const shuffled = [text[0], ...text.slice(1).reverse(), text[5]].join('\n') + '\n'
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
    // Two pairs of 500,000 15m bars: one pair's million bars would run 28 years, past today.
    const T2011 = Date.UTC(2011, 0, 1)
    const lines = ['symbol,open_time,open,high,low,close,volume']
    for (const sym of ['DOGEUSDT', 'SHIBUSDT']) for (let i = 0; i < 500_000; i++) lines.push(`${sym},${T2011 + i * 900_000},1.5,2,1,1.75,10`)
    const { series } = await decodeCandleFile(enc(lines.join('\n') + '\n'), 'pairs-15m.csv', {}, 'file', NOW)
    expect(series.map((s) => s.candles.openTime.length)).toEqual([500_000, 500_000])
    expect(series[1]!.candles.openTime[499_999]).toBe(T2011 + 499_999 * 900_000)
  }, 60_000)
})

describe('decodeCandleFile: bad files say what is wrong', () => {
  it.each<[string, ArrayBuffer, string, string]>([
    ['an empty file', new ArrayBuffer(0), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv is empty (0 bytes)'],
    ['a header without rows', enc('open_time,open,high,low,close,volume\n'), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv has no data rows'],
    ['binary garbage', Uint8Array.from([0xff, 0xfe, 0x00, 0x9c, 0x80, 0x81]).buffer, 'data.bin', 'file: data.bin is neither Parquet nor UTF-8 text'],
    ['a .parquet that is not Parquet', enc('hello,world\n1,2\n'), 'x.parquet', 'file: x.parquet is not a Parquet file (it does not start with PAR1)'],
    ['a missing column', csv(70, (_, c) => c.slice(0, 5), 'open_time,open,high,low,close'), 'BTCUSDT-1h.csv', "lacks column(s) 'volume' (found 5: open_time, open, high, low, close;"],
    ['a misnamed column', csv(70, (_, c) => c, 'timestamp,open,high,low,close,volume'), 'BTCUSDT-1h.csv', "lacks column(s) 'open_time' (found 6: timestamp, open,"],
    ['a non-numeric price', csv(70, (i, c) => (i === 2 ? [c[0]!, c[1]!, c[2]!, c[3]!, 'abc', c[5]!] : c)), 'BTCUSDT-1h.csv', "file: row 3: close is 'abc', not a number"],
    ['an empty price', csv(70, (i, c) => (i === 4 ? [c[0]!, '', ...c.slice(2)] : c)), 'BTCUSDT-1h.csv', 'file: row 5: open is empty, not a number'],
    ['a NaN price', csv(70, (i, c) => (i === 4 ? [c[0]!, 'NaN', ...c.slice(2)] : c)), 'BTCUSDT-1h.csv', "file: row 5: open is 'NaN', not a number"],
    ['a negative price', csv(70, (i, c) => (i === 6 ? [...c.slice(0, 3), '-1', ...c.slice(4)] : c)), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h row 7 (2024-01-01T06:00Z): low is -1; prices must be finite and > 0'],
    ['high below low', csv(70, (i, c) => (i === 9 ? [c[0]!, c[1]!, '90', ...c.slice(3)] : c)), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h row 10 (2024-01-01T09:00Z): high 90 is below low 101'],
    ['too few bars', csv(59), 'BTCUSDT-1h.csv', 'data: BTCUSDT 1h has 59 bar(s), fewer than one 60-bar window'],
    ['a file that does not name its pair', csv(70), 'prices.csv', "file: prices.csv has no 'symbol' column and its name does not say the pair"],
    ['an unsupported interval', csv(70, (_, c) => ['ETHUSDT', '5m', ...c], 'symbol,interval,open_time,open,high,low,close,volume'), 'x.csv', "file: row 1: interval '5m' is not supported (use 1h or 15m)"],
    ['a ragged CSV line', enc('open_time,open,high,low,close,volume\n1,2,3\n1,2,3,4,5,6\n'), 'BTCUSDT-1h.csv', 'file: BTCUSDT-1h.csv line 2 has 3 field(s), the header has 6; fix or remove that line'],
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
    const e = (await decodeCandleFile(bytes.buffer, 'LINKUSDT.parquet', {}, 'file').catch((x: unknown) => x)) as Error
    // issue 19, finding 6: no internal JavaScript error text in brackets
    expect(e.message).toBe('file: LINKUSDT.parquet could not be decoded as Parquet: its pages are damaged or use an encoding the studio does not read; export it again')
  })

  it('more rows than the studio holds, refused before parsing', async () => {
    const big = enc('open_time,open,high,low,close,volume\n' + '1\n'.repeat(5_000_001))
    await expect(decodeCandleFile(big, 'BTCUSDT-1h.csv', {}, 'file')).rejects.toThrow('file: BTCUSDT-1h.csv has 5,000,001 rows, more than the 5,000,000 the studio holds')
  })
})

describe('issue 19: times in any unit, checked for sense', () => {
  it('finding 1: nanosecond open_time (plain INT64 Parquet and 19-digit CSV) is converted with a note, not passed on to blank the page', async () => {
    for (const [bytes, name] of [
      [hourlyParquet(70, 1_000_000n), 'BTCUSDT-1h.parquet'],
      [csv(70, (i, c) => [`${T + i * H}000000`, ...c.slice(1)]), 'BTCUSDT-1h.csv'],
    ] as const) {
      const { series, warnings } = await decodeCandleFile(bytes, name, {}, 'file', NOW)
      expect(series[0]!.candles.openTime[69]).toBe(T + 69 * H)
      expect(warnings).toEqual([`${name}: open_time is in epoch nanoseconds; converted to milliseconds`])
    }
  })

  it('finding 1: an open_time beyond what a Date holds is refused naming the row and value', async () => {
    const bytes = csv(70, (i, c) => (i === 4 ? ['9000000000000000000000', ...c.slice(1)] : c))
    await expect(decodeCandleFile(bytes, 'BTCUSDT-1h.csv', {}, 'file', NOW)).rejects.toThrow(
      'data: BTCUSDT 1h row 5: open_time 9e+21 ms is after now + one bar (2026-01-01T01:00Z); check the time column and its unit',
    )
  })

  it('finding 2: microsecond open_time (Binance spot dumps since 2025) is read as 2024, not the year 55084', async () => {
    const { series, warnings } = await decodeCandleFile(csv(70, (i, c) => [`${T + i * H}000`, ...c.slice(1)]), 'BTCUSDT-1h.csv', {}, 'file', NOW)
    expect(series[0]!.candles.openTime[0]).toBe(T)
    expect(warnings).toEqual(['BTCUSDT-1h.csv: open_time is in epoch microseconds; converted to milliseconds'])
    const p = await decodeCandleFile(hourlyParquet(70, 1000n), 'BTCUSDT-1h.parquet', {}, 'file', NOW)
    expect(p.series[0]!.candles.openTime[1]).toBe(T + H)
  })

  it('finding 4: a bar opening after now + one interval is refused with row and value', async () => {
    const now = T + 30 * H
    await expect(decodeCandleFile(csv(70), 'BTCUSDT-1h.csv', {}, 'file', now)).rejects.toThrow(
      `data: BTCUSDT 1h row 33: open_time ${T + 32 * H} ms (2024-01-02T08:00Z) is after now + one bar (2024-01-02T07:00Z)`,
    )
  })

  it('finding 4: bars after the last closed bar are dropped with a warning', async () => {
    const now = T + 69 * H + 20 * 60_000 // 20 minutes into the 70th bar
    const { series, warnings } = await decodeCandleFile(csv(70), 'BTCUSDT-1h.csv', {}, 'file', now)
    expect(series[0]!.candles.openTime.length).toBe(69)
    expect(warnings).toEqual(['BTCUSDT 1h: dropped 1 bar(s) from 2024-01-03T21:00Z on: not closed at 2024-01-03T21:20Z'])
  })

  it('finding 4: the two streams of one pair must overlap in time, or the file is refused with both ranges', async () => {
    const lines = ['symbol,interval,open_time,open,high,low,close,volume']
    const T2010 = Date.UTC(2010, 0, 1)
    for (let i = 0; i < 60; i++) lines.push(`BTCUSDT,1h,${T + i * H},1,2,1,2,3`)
    for (let i = 0; i < 60; i++) lines.push(`BTCUSDT,15m,${T2010 + i * 900_000},1,2,1,2,3`)
    await expect(decodeCandleFile(enc(lines.join('\n') + '\n'), 'x.csv', {}, 'file', NOW)).rejects.toThrow(
      "data: BTCUSDT 1h runs 2024-01-01T00:00Z … 2024-01-03T11:00Z but BTCUSDT 15m runs 2010-01-01T00:00Z … 2010-01-01T14:45Z; a pair's streams must overlap in time. Load files of the same period",
    )
  })

  it('finding 4: an open time before 2009 is refused naming row and value', async () => {
    const bytes = csv(70, (i, c) => (i === 3 ? [String(Date.UTC(2024, 0, 1) - 20 * 365 * 24 * H), ...c.slice(1)] : c))
    await expect(decodeCandleFile(bytes, 'BTCUSDT-1h.csv', {}, 'file', NOW)).rejects.toThrow(
      'data: BTCUSDT 1h row 4: open_time 1073347200000 ms (2004-01-06T00:00Z) is before 2009-01-01T00:00Z, when crypto trading began',
    )
  })

  it('finding 5: 1h bars labelled 15m are refused naming the spacing seen', async () => {
    await expect(decodeCandleFile(csv(70), 'BTCUSDT-15m.csv', {}, 'file', NOW)).rejects.toThrow(
      'data: BTCUSDT 15m: bars are mostly 1h apart (69 of 69 steps), only 0 are 15m; is the interval right? Load it as the interval it is',
    )
  })

  it('finding 6: real millisecond times from 1972 are not called seconds', async () => {
    const ms1972 = Date.UTC(1972, 0, 1)
    const bytes = csv(70, (i, c) => [String(ms1972 + i * H), ...c.slice(1)])
    const e = await decodeCandleFile(bytes, 'BTCUSDT-1h.csv', {}, 'file', NOW).catch((x: Error) => x)
    expect((e as Error).message).toBe(
      `file: row 1: open_time ${ms1972} is not a time between 2009-01-01T00:00Z and now in epoch seconds, milliseconds, microseconds or nanoseconds (as milliseconds it is 1972-01-01T00:00Z); check the column holds bar open times`,
    )
    expect((e as Error).message).not.toContain('multiply by 1000')
  })

  it('finding 6: date-only times in a 1h file say so, not "fewer than one 60-bar window"', async () => {
    const bytes = csv(70, (i, c) => [new Date(T + i * 24 * H).toISOString().slice(0, 10), ...c.slice(1)])
    await expect(decodeCandleFile(bytes, 'BTCUSDT-1h.csv', {}, 'file', NOW)).rejects.toThrow("file: row 1: open_time '2024-01-01' is a date without a time of day")
  })
})

describe('issue 19: truncation detected', () => {
  const full = () => new TextDecoder().decode(csv(70, (i, c) => (i === 69 ? [...c.slice(0, 5), '2901.33184'] : c)))

  it('finding 3: a CSV cut mid-row loses its last row with a warning, never keeps 2901.33… as 3', async () => {
    const text = full()
    const cut = text.slice(0, text.lastIndexOf('2901.33184') + 1) // '…,2' : the volume cut to its first digit
    const { series, warnings } = await decodeCandleFile(enc(cut), 'BTCUSDT-1h.csv', {}, 'file', NOW)
    expect(series[0]!.candles.openTime.length).toBe(69)
    expect(Array.from(series[0]!.candles.volume)).not.toContain(2)
    expect(warnings[0]).toMatch(/^BTCUSDT-1h\.csv: the last line \(line 71, '1704315600000,.*,2'\) does not end in a newline, so the file looks cut short; dropped that row/)
  })

  it('finding 3: a CSV cut four characters short drops the last row (1214.72228 is not read as 1214.7)', async () => {
    const text = full().replace('2901.33184', '1214.72228')
    const { series, warnings } = await decodeCandleFile(enc(text.slice(0, -5)), 'BTCUSDT-1h.csv', {}, 'file', NOW)
    expect(series[0]!.candles.volume.at(-1)).toBe(12.5)
    expect(warnings).toHaveLength(1)
  })

  it('finding 3: a last line with fewer fields than the header is dropped with a warning naming it', async () => {
    const text = full()
    const cut = text.slice(0, text.lastIndexOf(',', text.lastIndexOf(',') - 1)) + '\n'
    const { series, warnings } = await decodeCandleFile(enc(cut), 'BTCUSDT-1h.csv', {}, 'file', NOW)
    expect(series[0]!.candles.openTime.length).toBe(69)
    expect(warnings[0]).toContain('has 4 of 6 fields, so the file looks cut short; dropped that row')
  })

  it('a Parquet footer that does not parse says the file is incomplete or not Parquet, with no internal error text', async () => {
    const bytes = new Uint8Array(writeCandlesParquet(await bundledPair('LINKUSDT')))
    const metaLen = new DataView(bytes.buffer).getUint32(bytes.length - 8, true)
    bytes.fill(0xff, bytes.length - 8 - metaLen, bytes.length - 8)
    await expect(decodeCandleFile(bytes.buffer, 'LINKUSDT.parquet', {}, 'file')).rejects.toThrow(
      /^file: LINKUSDT\.parquet is incomplete or not Parquet \(its footer does not parse\); download or export it again$/,
    )
  })

  it('a Parquet file ending in PAR1 whose footer length points outside it says the same', async () => {
    const bytes = new Uint8Array(64)
    bytes.set(new TextEncoder().encode('PAR1'), 0)
    bytes.set([0xff, 0xff, 0, 0], 56)
    bytes.set(new TextEncoder().encode('PAR1'), 60)
    await expect(decodeCandleFile(bytes.buffer, 'x.parquet', {}, 'file')).rejects.toThrow('file: x.parquet is incomplete or not Parquet (its footer does not parse)')
  })
})

describe('issue 19: values with sense, messages a person can act on', () => {
  const row = (at: number, edit: (c: string[]) => string[]) => csv(70, (i, c) => (i === at ? edit(c) : c))

  it.each<[string, ArrayBuffer, string]>([
    ['finding 5: a price of 1e300', row(3, (c) => [c[0]!, c[1]!, '1e300', ...c.slice(3)]), 'data: BTCUSDT 1h row 4 (2024-01-01T03:00Z): high 1e+300 is above 1e+12, no real price'],
    ['a high more than 100× the low within one bar', row(3, (c) => [c[0]!, c[1]!, '10400', ...c.slice(3)]), 'data: BTCUSDT 1h row 4 (2024-01-01T03:00Z): high 10400 is more than 100× low 102 within one bar'],
    ['finding 5: a volume written in hex', row(5, (c) => [...c.slice(0, 5), '0x10f4']), "file: row 6: volume is '0x10f4', not a number; write numbers in decimal"],
    ['finding 5: an integer symbol column', csv(70, (_, c) => ['123', ...c], 'symbol,open_time,open,high,low,close,volume'), 'file: row 1: symbol is the number 123, not a pair name like BTCUSDT; the symbol column must hold text'],
    ['finding 5: a second column named close', csv(70, (_, c) => [...c, c[4]!], 'open_time,open,high,low,close,volume,Close'), "file: BTCUSDT-1h.csv has 2 columns named 'close' (columns 5, 7); rename or remove all but one"],
    ['finding 6: a JSON file renamed .csv', enc('[{"open_time": 1704067200000, "open": 1.5}]'), 'file: BTCUSDT-1h.csv holds JSON, not CSV; save the candles as CSV or Parquet'],
  ])('%s is refused naming it', async (_, bytes, message) => {
    await expect(decodeCandleFile(bytes, 'BTCUSDT-1h.csv', {}, 'file', NOW)).rejects.toThrow(message)
  })

  it('finding 5: an integer symbol column in Parquet is refused as a number', async () => {
    const n = 70
    const f = (v: number) => Float64Array.from({ length: n }, () => v)
    const bytes = parquetWriteBuffer({
      columnData: [
        { name: 'symbol', data: Int32Array.from({ length: n }, () => 7), type: 'INT32' },
        { name: 'interval', data: new Array<string>(n).fill('1h'), type: 'STRING' },
        { name: 'open_time', data: BigInt64Array.from({ length: n }, (_, i) => BigInt(T + i * H)), type: 'INT64' },
        { name: 'open', data: f(1.5), type: 'DOUBLE' }, { name: 'high', data: f(2), type: 'DOUBLE' },
        { name: 'low', data: f(1), type: 'DOUBLE' }, { name: 'close', data: f(1.5), type: 'DOUBLE' }, { name: 'volume', data: f(3), type: 'DOUBLE' },
      ],
    })
    await expect(decodeCandleFile(bytes, 'x.parquet', {}, 'file', NOW)).rejects.toThrow('file: row 1: symbol is the number 7, not a pair name like BTCUSDT; the symbol column must hold text')
  })

  it('finding 5: two Parquet columns of one name (in any case) are refused', async () => {
    const f = Float64Array.from({ length: 3 }, () => 1)
    const bytes = parquetWriteBuffer({ columnData: [{ name: 'close', data: f, type: 'DOUBLE' }, { name: 'Close', data: f, type: 'DOUBLE' }] })
    await expect(decodeCandleFile(bytes, 'x.parquet', {}, 'file', NOW)).rejects.toThrow("file: x.parquet has 2 columns named 'close' (columns 1, 2); rename or remove all but one")
  })

  it('finding 6: CR-only line endings load (they were "has no data rows")', async () => {
    const text = new TextDecoder().decode(csv(70)).replaceAll('\n', '\r')
    const { series, warnings } = await decodeCandleFile(enc(text), 'BTCUSDT-1h.csv', {}, 'file', NOW)
    expect(series[0]!.candles.openTime.length).toBe(70)
    expect(warnings).toEqual([])
  })

  it('finding 6: a file with 5,000 columns gets a short message listing the first few and a count', async () => {
    const header = Array.from({ length: 5000 }, (_, i) => `col_${i}`).join(',')
    const e = (await decodeCandleFile(enc(`${header}\n${'1,'.repeat(4999)}1\n`), 'wide.csv', {}, 'file', NOW).catch((x: unknown) => x)) as Error
    expect(e.message).toContain('(found 5,000: col_0, col_1, col_2, col_3, col_4, col_5, col_6, col_7, … and 4,992 more;')
    expect(e.message.length).toBeLessThan(400)
  })
})
