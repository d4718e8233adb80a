import { describe, expect, it } from 'vitest'
import { fingerprint } from './fingerprint'
import type { Series } from './types'

const series = (symbol: string, close: number[]): Series => ({
  symbol, interval: '1h', gaps: [],
  candles: {
    openTime: Float64Array.from(close, (_, i) => i * 3_600_000), open: Float64Array.from(close), high: Float64Array.from(close),
    low: Float64Array.from(close), close: Float64Array.from(close), volume: Float64Array.from(close, () => 1),
  },
}) as unknown as Series

describe('fingerprint', () => {
  it('is 16 hex digits, the same for the same candles in any order', () => {
    const a = [series('BTCUSDT', [1, 2, 3]), series('ETHUSDT', [4, 5])]
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/)
    expect(fingerprint([...a].reverse())).toBe(fingerprint(a))
    expect(fingerprint([series('BTCUSDT', [1, 2, 3]), series('ETHUSDT', [4, 5])])).toBe(fingerprint(a))
  })

  it('changes with one price, one bar or a name', () => {
    const base = fingerprint([series('BTCUSDT', [1, 2, 3])])
    expect(fingerprint([series('BTCUSDT', [1, 2, 3.0000001])])).not.toBe(base)
    expect(fingerprint([series('BTCUSDT', [1, 2])])).not.toBe(base)
    expect(fingerprint([series('ETHUSDT', [1, 2, 3])])).not.toBe(base)
  })
})
