import { ema, rollingMean, rollingStd, wilder } from './rolling'

/**
 * The seed's indicators, TA-Lib conventions, over one series. Every function returns a new Float64Array as
 * long as its input; missing is NaN (warm-up, or a window holding a missing bar).
 */

/** ln(close_t / close_{t−1}). */
export function logReturn(close: Float64Array): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  for (let t = 1; t < close.length; t++) out[t] = Math.log(close[t]! / close[t - 1]!)
  return out
}

/** Population std of log returns over n bars (TA-Lib STDDEV of `logReturn`). First at t = n. */
export function volatility(close: Float64Array, n: number): Float64Array {
  return rollingStd(logReturn(close), n)
}

/** volatility_n / its simple mean over the last m bars. NaN where that mean is 0 (a flat market). */
export function volatilityRatio(close: Float64Array, n: number, m: number): Float64Array {
  const v = volatility(close, n)
  const mean = rollingMean(v, m)
  return v.map((x, t) => (mean[t]! > 0 ? x / mean[t]! : NaN))
}

/** True range; undefined at t = 0, which has no previous close (as TA-Lib). */
export function trueRange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  for (let t = 1; t < close.length; t++) {
    const h = high[t]!, l = low[t]!, pc = close[t - 1]!
    out[t] = Math.max(h - l, Math.abs(h - pc), Math.abs(l - pc))
  }
  return out
}

/** Wilder's ATR: mean of the first n true ranges at t = n, then Wilder smoothing. */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  return wilder(trueRange(high, low, close), n)
}

/** (upper − lower) / middle Bollinger band = 2k·σ / SMA over n closes, σ the population std. */
export function bollingerWidth(close: Float64Array, n: number, k: number): Float64Array {
  const mid = rollingMean(close, n)
  const sd = rollingStd(close, n)
  return mid.map((m, t) => (2 * k * sd[t]!) / m)
}

/** Simple mean over n bars of (high − low) / close. */
export function rangeRatio(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  return rollingMean(high.map((h, t) => (h - low[t]!) / close[t]!), n)
}

/** Wilder's RSI in [0, 100]; first at t = n. 0 when there was neither gain nor loss, as TA-Lib. */
export function rsi(close: Float64Array, n: number): Float64Array {
  const len = close.length
  const gain = new Float64Array(len).fill(NaN)
  const loss = new Float64Array(len).fill(NaN)
  for (let t = 1; t < len; t++) {
    const d = close[t]! - close[t - 1]!
    gain[t] = d > 0 ? d : 0
    loss[t] = d < 0 ? -d : 0
    if (!Number.isFinite(d)) gain[t] = loss[t] = NaN
  }
  const g = wilder(gain, n)
  const l = wilder(loss, n)
  return g.map((x, t) => (x + l[t]! > 0 ? (100 * x) / (x + l[t]!) : x + l[t]! === 0 ? 0 : NaN))
}

/** MACD line EMA_fast − EMA_slow of close, its EMA signal line, and their difference. */
export function macd(close: Float64Array, fast: number, slow: number, signal: number): { macd: Float64Array; signal: Float64Array; hist: Float64Array } {
  const f = ema(close, fast)
  const s = ema(close, slow)
  const line = f.map((v, t) => v - s[t]!)
  const sig = ema(line, signal)
  return { macd: line, signal: sig, hist: line.map((v, t) => v - sig[t]!) }
}

/** close_t − close_{t−n}. */
export function momentum(close: Float64Array, n: number): Float64Array {
  return lagged(close, n, (now, then) => now - then)
}

/** close_t / close_{t−n} − 1, a fraction. */
export function roc(close: Float64Array, n: number): Float64Array {
  return lagged(close, n, (now, then) => now / then - 1)
}

/** volume_t / simple mean of volume over n bars. NaN where no volume traded in the window. */
export function volumeRatio(volume: Float64Array, n: number): Float64Array {
  const mean = rollingMean(volume, n)
  return volume.map((v, t) => (mean[t]! > 0 ? v / mean[t]! : NaN))
}

function lagged(x: Float64Array, n: number, f: (now: number, then: number) => number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  for (let t = n; t < x.length; t++) out[t] = f(x[t]!, x[t - n]!)
  return out
}
