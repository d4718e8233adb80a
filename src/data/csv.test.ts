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
    expect(() => parseCsv('a,b\n1,2\n3\n', 'x.csv')).toThrow('file: x.csv line 3 has 1 field(s), the header has 2')
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
