import { logReturn } from './indicators'
import { rollingMean } from './rolling'

/**
 * The inputs that carry a 1h return's predictable part, its size: the bar's range, the size of recent moves,
 * realised volatility from the finer stream, and the time of day and week. Same conventions as `indicators.ts`.
 */

/** ln(high / low) of each bar: Parkinson's range, the bar's own volatility in log units. */
export function logHighLow(high: Float64Array, low: Float64Array): Float64Array {
  const out = new Float64Array(high.length)
  for (let t = 0; t < out.length; t++) out[t] = Math.log(high[t]! / low[t]!)
  return out
}

/** |ln(close_t / close_{t−1})|. */
export function absReturn(close: Float64Array, returns = logReturn(close)): Float64Array {
  return returns.map(Math.abs)
}

/**
 * Realised volatility √(Σ r²) of the last n log returns. On the 15m stream with n = 4 it is the realised
 * volatility of the hour that just closed, measured from its four 15m bars.
 */
export function realizedVol(close: Float64Array, n: number, returns = logReturn(close)): Float64Array {
  const sq = returns.map((r) => r * r)
  const m = rollingMean(sq, n)
  for (let t = 0; t < m.length; t++) m[t] = Math.sqrt(Math.max(0, m[t]!) * n)
  return m
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** sin and cos of the bar's open time of day (UTC): volatility has a strong daily cycle (Asia, Europe, US). */
export function hourOfDay(openTime: Float64Array): [Float64Array, Float64Array] {
  return cycle(openTime, DAY, 0)
}

/** sin and cos of the bar's open time of week, Monday 00:00 UTC = 0 (1970-01-01 was a Thursday). */
export function dayOfWeek(openTime: Float64Array): [Float64Array, Float64Array] {
  return cycle(openTime, 7 * DAY, 3 * DAY)
}

function cycle(openTime: Float64Array, period: number, offset: number): [Float64Array, Float64Array] {
  const s = new Float64Array(openTime.length), c = new Float64Array(openTime.length)
  for (let t = 0; t < openTime.length; t++) {
    const phase = (((openTime[t]! + offset) % period) + period) % period
    const a = (2 * Math.PI * phase) / period
    s[t] = Math.sin(a)
    c[t] = Math.cos(a)
  }
  return [s, c]
}
