import { describe, expect, it } from 'vitest'
import { parseKlines } from './klines'

const T = 1_704_067_200_000 // 2024-01-01T00:00Z
const H = 3_600_000
// The first two BTCUSDT 1h bars of 2024 as Binance serves them.
const rows = [
  [T, '42283.58000000', '42554.57000000', '42261.02000000', '42475.23000000', '1271.68108000', T + H - 1, '53957248.97378950', 47134, '682.57581000', '28957416.81464100', '0'],
  [T + H, '42475.23000000', '42775.00000000', '42431.65000000', '42613.56000000', '1196.37856000', T + 2 * H - 1, '50984893.42650030', 45351, '712.94728000', '30381722.93574130', '0'],
]

describe('parseKlines', () => {
  it('turns string fields into numbers, exactly', () => {
    const p = parseKlines(rows, 'BTCUSDT', '1h', T + 10 * H)
    expect(Array.from(p.candles.openTime)).toEqual([T, T + H])
    expect(Array.from(p.candles.close)).toEqual([42475.23, 42613.56])
    expect(p.candles.volume[0]).toBe(1271.68108)
    expect(p.received).toBe(2)
    expect(p.lastOpenTime).toBe(T + H)
  })

  it('drops a last bar whose close time is not yet past, but still reports it as received', () => {
    const p = parseKlines(rows, 'BTCUSDT', '1h', T + 2 * H - 1) // second bar closes at this very ms
    expect(Array.from(p.candles.openTime)).toEqual([T])
    expect(p.received).toBe(2)
    expect(p.lastOpenTime).toBe(T + H)
    expect(parseKlines(rows, 'BTCUSDT', '1h', T + 2 * H).candles.openTime.length).toBe(2)
  })

  it('accepts an empty page', () => {
    const p = parseKlines([], 'BTCUSDT', '1h', T)
    expect(p.candles.openTime.length).toBe(0)
    expect(p.lastOpenTime).toBeUndefined()
  })

  it.each([
    [{ code: -1121, msg: 'Invalid symbol.' }, 'expected a JSON array of klines, got {"code":-1121'],
    [[[T, '1']], 'kline 0 is [1704067200000,"1"], not a 12-field row'],
    [[[String(T), ...rows[0]!.slice(1)]], 'kline 0 has open time "1704067200000", not epoch milliseconds'],
    [[[T, 'abc', ...rows[0]!.slice(2)]], 'kline 0 has open "abc", not a decimal string'],
    [[[T, ...rows[0]!.slice(1, 6), T + 900_000 - 1, ...rows[0]!.slice(7)]], 'kline 0 spans 1704067200000…1704068099999, not one 1h bar'],
  ])('rejects malformed input %#', (body, message) => {
    expect(() => parseKlines(body, 'BTCUSDT', '1h', T + 10 * H)).toThrow(`binance: BTCUSDT 1h: ${message}`)
  })
})
