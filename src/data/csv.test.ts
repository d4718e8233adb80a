import { describe, expect, it } from 'vitest'
import { parseCsv } from './csv'

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
