import { quantileSorted, sortedFinite } from '../util/quantiles'
import type { Levels } from './types'
import { lowerBound } from '../util/search'

/** Forecast quantiles per sample: Float64Array [n] each. */
export interface QuantileForecast {
  low: Float64Array
  mid: Float64Array
  high: Float64Array
}

/**
 * Random walk: the median move is zero and the spread is the coin's own, the training split's empirical
 * return quantiles at the low and high levels. What a model must beat to claim it knows anything.
 */
export function randomWalk(trainReturns: ArrayLike<number>, n: number, levels: Levels): QuantileForecast {
  const sorted = sortedFinite(trainReturns)
  return {
    low: new Float64Array(n).fill(quantileSorted(sorted, levels[0])),
    mid: new Float64Array(n),
    high: new Float64Array(n).fill(quantileSorted(sorted, levels[2])),
  }
}

/** Bars of history the trailing baseline looks at. */
export const HISTORY_BARS = 500

/**
 * Trailing historical quantiles: at bar t, the quantiles of the `horizon`-bar log returns that had ended by
 * t — ln(close[s] / close[s − horizon]) for the last `lookback` bars s ≤ t — all known when the forecast is
 * made. Bars with a missing close drop out of the window. `ends` ascending (a split's samples are).
 */
export function historical(close: Float64Array, horizon: number, ends: Int32Array, levels: Levels, lookback = HISTORY_BARS): QuantileForecast {
  const ret = (s: number) => (s >= horizon ? Math.log(close[s]! / close[s - horizon]!) : NaN)
  const n = ends.length
  const out: QuantileForecast = { low: new Float64Array(n), mid: new Float64Array(n), high: new Float64Array(n) }
  const win: number[] = [] // sorted returns of bars (from, to]
  let from = -1, to = -1
  for (let k = 0; k < n; k++) {
    const t = ends[k]!
    if (k > 0 && t < ends[k - 1]!) throw new Error(`eval: sample rows must ascend (row ${t} after ${ends[k - 1]})`)
    const lo = t - lookback // exclusive
    if (lo >= to) {
      win.length = 0
      from = to = lo
    }
    while (to < t) {
      const r = ret(++to)
      if (Number.isFinite(r)) win.splice(lowerBound(win, r), 0, r)
    }
    while (from < lo) {
      const r = ret(++from)
      if (Number.isFinite(r)) win.splice(lowerBound(win, r), 1)
    }
    out.low[k] = quantileSorted(win, levels[0])
    out.mid[k] = quantileSorted(win, levels[1])
    out.high[k] = quantileSorted(win, levels[2])
  }
  return out
}
