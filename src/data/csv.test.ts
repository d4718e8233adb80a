import { describe, expect, it } from 'vitest'
import { parseCsv, writeColumnsCsv } from './csv'

describe('parseCsv', () => {
  it('reads a header and numeric columns, CRLF and a trailing newline included', () => {
    const t = parseCsv('open_time,Open,close\r\n1704067200000,42283.58,42475.23\r\n1704070800000,42475.23,42613.56\r\n', 'x.csv')
    expect(t.rows).toBe(2)
    expect([...t.columns.keys()]).toEqual(['open_time', 'open', 'close'])
    expect(t.columns.get('close')).toEqual([42475.23, 42613.56])
    expect(t.columns.get('open_time')).toEqual([1704067200000, 1704070800000])
  })

  it('keeps text cells as strings, empty cells as null, and honours quotes', () => {
    const t = parseCsv('symbol,interval,note\nBTCUSDT,1h,"a, ""b"""\nETHUSDT,,x\n', 'x.csv')
    expect(t.columns.get('symbol')).toEqual(['BTCUSDT', 'ETHUSDT'])
    expect(t.columns.get('interval')).toEqual(['1h', null])
    expect(t.columns.get('note')).toEqual(['a, "b"', 'x'])
  })

  it('names the line whose field count is off', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n4,5\n', 'x.csv')).toThrow('file: x.csv line 3 has 1 field(s), the header has 2; fix or remove that line')
  })

  it('rejects empty text and text without commas', () => {
    expect(() => parseCsv('\n\n', 'e.csv')).toThrow('file: e.csv is empty')
    expect(() => parseCsv('hello world\n', 'h.csv')).toThrow('does not look like CSV')
  })
})

describe('writeColumnsCsv', () => {
  it('writes a header, shortest numbers and empty cells for NaN, and reads back', () => {
    const text = writeColumnsCsv([
      { name: 'symbol', type: 'STRING', data: ['BTCUSDT', 'BTCUSDT'] },
      { name: 'open_time', type: 'TIME_MS', data: Float64Array.of(1704067200000, 1704070800000) },
      { name: 'rsi_14', type: 'DOUBLE', data: Float64Array.of(0.1 + 0.2, NaN) },
    ])
    expect(text).toBe('symbol,open_time,rsi_14\nBTCUSDT,1704067200000,0.30000000000000004\nBTCUSDT,1704070800000,\n')
    expect(parseCsv(text, 'x.csv').columns.get('rsi_14')).toEqual([0.30000000000000004, null])
  })
})

describe('parseCsv: issue 19, finding 3 (a truncated CSV was accepted silently)', () => {
  const head = 'open_time,close,volume\n1704067200000,42283.58,2901.33\n'
  it('drops a last line with fewer fields than the header, naming it', () => {
    const t = parseCsv(head + '1704070800000,42475.2', 'x.csv')
    expect(t.rows).toBe(1)
    expect(t.notes).toEqual(["x.csv: the last line (line 3, '1704070800000,42475.2') has 2 of 3 fields, so the file looks cut short; dropped that row. Check the file is complete"])
  })

  it('drops a whole-looking last line when the file does not end in a newline (1214.72228 cut to 1214.7)', () => {
    const t = parseCsv(head + '1704070800000,42475.23,1214.7', 'x.csv')
    expect(t.columns.get('volume')).toEqual([2901.33])
    expect(t.notes).toEqual(["x.csv: the last line (line 3, '1704070800000,42475.23,1214.7') does not end in a newline, so the file looks cut short; dropped that row. Check the file is complete"])
  })

  it('keeps every row of a file that ends in a newline, with no note', () => {
    const t = parseCsv(head, 'x.csv')
    expect(t.rows).toBe(1)
    expect(t.notes).toEqual([])
  })
})

describe('parseCsv: issue 19, findings 5 and 6 (values and messages)', () => {
  it('reads CR-only line endings (they were "has no data rows")', () => {
    const t = parseCsv('a,b\r1,2\r3,4\r', 'x.csv')
    expect(t.rows).toBe(2)
    expect(t.columns.get('b')).toEqual([2, 4])
  })

  it('names a JSON file renamed .csv as JSON (it was "has no data rows")', () => {
    expect(() => parseCsv('[{"open_time":1704067200000,"open":1}]\n', 'x.csv')).toThrow('file: x.csv holds JSON, not CSV; save the candles as CSV or Parquet')
    expect(() => parseCsv('{\n "a": 1\n}\n', 'x.csv')).toThrow('holds JSON, not CSV')
  })

  it('refuses two columns of one name (a second close was ignored)', () => {
    expect(() => parseCsv('open_time,close,volume,Close\n1,2,3,4\n', 'x.csv')).toThrow("file: x.csv has 2 columns named 'close' (columns 2, 4); rename or remove all but one")
  })

  it('reads decimal numbers only: hex, binary and Infinity stay text (0x10f4 was read as 4340)', () => {
    const t = parseCsv('a,b,c,d\n0x10f4,0b11,Infinity,-1.5e3\n', 'x.csv')
    expect([...t.columns.values()].map((c) => c[0])).toEqual(['0x10f4', '0b11', 'Infinity', -1500])
  })
})
