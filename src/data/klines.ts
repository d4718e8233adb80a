import { INTERVAL_MS, type Candles, type Interval } from './types'

export interface ParsedKlines {
  candles: Candles
  /** Open time of the last row the server sent, closed or not: paging continues after it. */
  lastOpenTime: number | undefined
  /** Rows the server sent (before dropping a bar that has not closed): tells the pager whether a page was full. */
  received: number
}

/**
 * Binance `GET /api/v3/klines` rows → candles. Each row is
 * [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume", trades, "takerBase", "takerQuote", "ignore"];
 * prices and volumes arrive as decimal strings. A last bar whose close time is not yet past is still forming
 * and is dropped, so no partial bar is ever stored.
 */
export function parseKlines(body: unknown, symbol: string, interval: Interval, now: number): ParsedKlines {
  if (!Array.isArray(body)) {
    throw new Error(`binance: ${symbol} ${interval}: expected a JSON array of klines, got ${describe(body)}`)
  }
  const n = body.length
  const cols = { openTime: new Float64Array(n), open: new Float64Array(n), high: new Float64Array(n), low: new Float64Array(n), close: new Float64Array(n), volume: new Float64Array(n) }
  let kept = 0
  for (let i = 0; i < n; i++) {
    const row: unknown = body[i]
    if (!Array.isArray(row) || row.length < 7) {
      throw new Error(`binance: ${symbol} ${interval}: kline ${i} is ${describe(row)}, not a 12-field row`)
    }
    const openTime = row[0]
    const closeTime = row[6]
    if (typeof openTime !== 'number' || !Number.isInteger(openTime) || typeof closeTime !== 'number') {
      throw new Error(`binance: ${symbol} ${interval}: kline ${i} has open time ${describe(openTime)}, not epoch milliseconds`)
    }
    if (openTime + INTERVAL_MS[interval] - 1 !== closeTime) {
      throw new Error(`binance: ${symbol} ${interval}: kline ${i} spans ${openTime}…${closeTime}, not one ${interval} bar`)
    }
    if (i === n - 1 && closeTime >= now) break
    cols.openTime[kept] = openTime
    ;(['open', 'high', 'low', 'close', 'volume'] as const).forEach((k, j) => {
      const v = row[j + 1]
      const x = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
      if (!Number.isFinite(x)) throw new Error(`binance: ${symbol} ${interval}: kline ${i} has ${k} ${describe(v)}, not a decimal string`)
      cols[k][kept] = x
    })
    kept++
  }
  const trim = (a: Float64Array) => (kept === n ? a : a.slice(0, kept))
  const last = n > 0 ? (body[n - 1] as unknown[])[0] as number : undefined
  return {
    candles: { openTime: trim(cols.openTime), open: trim(cols.open), high: trim(cols.high), low: trim(cols.low), close: trim(cols.close), volume: trim(cols.volume) },
    lastOpenTime: last,
    received: n,
  }
}

function describe(v: unknown): string {
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 40 ? s.slice(0, 40) + '…' : s
}
