import type { Candles } from './types'
import { lowerBound } from '../util/search'

export const EMPTY_CANDLES: Candles = {
  openTime: new Float64Array(0), open: new Float64Array(0), high: new Float64Array(0),
  low: new Float64Array(0), close: new Float64Array(0), volume: new Float64Array(0),
}

const KEYS = ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const

/** Bars of both, by open time; where both hold a bar, `b`'s (the newer download) wins. Inputs sorted. */
export function mergeCandles(a: Candles, b: Candles): Candles {
  const na = a.openTime.length, nb = b.openTime.length
  const idx: [Candles, number][] = []
  let i = 0, j = 0
  while (i < na || j < nb) {
    const ta = i < na ? a.openTime[i]! : Infinity
    const tb = j < nb ? b.openTime[j]! : Infinity
    if (tb <= ta) {
      idx.push([b, j++])
      if (ta === tb) i++
    } else idx.push([a, i++])
  }
  const out = {} as Candles
  for (const k of KEYS) out[k] = Float64Array.from(idx, ([c, n]) => c[k][n]!)
  return out
}

/** Bars with start ≤ open time ≤ end (views, no copy). Input sorted. */
export function sliceCandles(c: Candles, start: number, end: number): Candles {
  const lo = lowerBound(c.openTime, start)
  const hi = lowerBound(c.openTime, end + 1)
  const out = {} as Candles
  for (const k of KEYS) out[k] = c[k].subarray(lo, hi)
  return out
}
