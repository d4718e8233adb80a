import { finiteRuns, ratioToRollingMean, rollingCv, rollingMean, rollingStd } from './rolling'

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
export function volatility(close: Float64Array, n: number, returns = logReturn(close)): Float64Array {
  return rollingStd(returns, n)
}

/** volatility_n / its simple mean over the last m bars. NaN where that mean is 0 (a flat market). */
export function volatilityRatio(close: Float64Array, n: number, m: number, vol = volatility(close, n)): Float64Array {
  return ratioToRollingMean(vol, m)
}

/**
 * Wilder's ATR: mean of the first n true ranges at t = n, then Wilder smoothing. True range needs the previous
 * close, so there is none at t = 0 (as TA-Lib). One pass per finite run.
 */
export function atr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  const runs = finiteRuns(close)
  for (let r = 0; r < runs.length; r += 2) {
    const a = runs[r]!, b = runs[r + 1]!
    if (b - a <= n) continue
    let avg = 0
    for (let t = a + 1; t <= a + n; t++) avg += trueRangeAt(high, low, close, t)
    out[a + n] = avg /= n
    for (let t = a + n + 1; t < b; t++) out[t] = avg = (avg * (n - 1) + trueRangeAt(high, low, close, t)) / n
  }
  return out
}

function trueRangeAt(high: Float64Array, low: Float64Array, close: Float64Array, t: number): number {
  const h = high[t]!, l = low[t]!, pc = close[t - 1]!
  const d1 = h - l, d2 = h > pc ? h - pc : pc - h, d3 = l > pc ? l - pc : pc - l
  return d1 > d2 ? (d1 > d3 ? d1 : d3) : d2 > d3 ? d2 : d3
}

/** (upper − lower) / middle Bollinger band = 2k·σ / SMA over n closes, σ the population std. */
export function bollingerWidth(close: Float64Array, n: number, k: number): Float64Array {
  return rollingCv(close, n, 2 * k)
}

/** Simple mean over n bars of (high − low) / close. */
export function rangeRatio(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const r = new Float64Array(close.length)
  for (let t = 0; t < r.length; t++) r[t] = (high[t]! - low[t]!) / close[t]!
  return rollingMean(r, n)
}

/** Wilder's RSI in [0, 100]; first at t = n. 0 when there was neither gain nor loss, as TA-Lib. */
export function rsi(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  // One pass per run of finite closes: Wilder averages of gains and losses, seeded with their simple means.
  const runs = finiteRuns(close)
  for (let r = 0; r < runs.length; r += 2) {
    const a = runs[r]!, b = runs[r + 1]!
    if (b - a <= n) continue
    let g = 0, l = 0
    for (let t = a + 1; t <= a + n; t++) {
      const d = close[t]! - close[t - 1]!
      if (d > 0) g += d
      else l -= d
    }
    g /= n
    l /= n
    out[a + n] = g + l > 0 ? (100 * g) / (g + l) : 0
    for (let t = a + n + 1; t < b; t++) {
      const d = close[t]! - close[t - 1]!
      g = (g * (n - 1) + (d > 0 ? d : 0)) / n
      l = (l * (n - 1) + (d < 0 ? -d : 0)) / n
      out[t] = g + l > 0 ? (100 * g) / (g + l) : 0
    }
  }
  return out
}

/**
 * MACD line EMA_fast − EMA_slow of close, its EMA signal line, and their difference; each EMA seeded with the
 * simple mean of its first values, as `ema`. One pass per run of finite closes.
 */
export function macd(close: Float64Array, fast: number, slow: number, signal: number): { macd: Float64Array; signal: Float64Array; hist: Float64Array } {
  const len = close.length
  const line = new Float64Array(len).fill(NaN)
  const sig = new Float64Array(len).fill(NaN)
  const hist = new Float64Array(len).fill(NaN)
  const af = 2 / (fast + 1), as = 2 / (slow + 1), ag = 2 / (signal + 1)
  const runs = finiteRuns(close)
  for (let r = 0; r < runs.length; r += 2) {
    const a = runs[r]!, b = runs[r + 1]!
    let ef = 0, es = 0, eg = 0
    // Warm-up bars take the seeding branches; the rest of the run is a tight loop.
    const warm = Math.min(b, a + slow + signal)
    for (let t = a; t < warm; t++) {
      const c = close[t]!
      const i = t - a // bars into the run
      if (i < fast) (ef += c), i === fast - 1 && (ef /= fast)
      else ef += af * (c - ef)
      if (i < slow) (es += c), i === slow - 1 && (es /= slow)
      else es += as * (c - es)
      if (i < slow - 1) continue
      const m = ef - es
      line[t] = m
      const j = i - (slow - 1) // MACD values so far, minus one
      if (j < signal) (eg += m), j === signal - 1 && (eg /= signal)
      else eg += ag * (m - eg)
      if (j < signal - 1) continue
      sig[t] = eg
      hist[t] = m - eg
    }
    for (let t = warm; t < b; t++) {
      const c = close[t]!
      ef += af * (c - ef)
      es += as * (c - es)
      const m = ef - es
      eg += ag * (m - eg)
      line[t] = m
      sig[t] = eg
      hist[t] = m - eg
    }
  }
  return { macd: line, signal: sig, hist }
}

/** close_t / close_{t−n} − 1, a fraction. */
export function roc(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  for (let t = n; t < close.length; t++) out[t] = close[t]! / close[t - n]! - 1
  return out
}

/** volume_t / simple mean of volume over n bars. NaN where no volume traded in the window. */
export function volumeRatio(volume: Float64Array, n: number): Float64Array {
  return ratioToRollingMean(volume, n)
}

/** close_t − close_{t−n}. */
export function momentum(close: Float64Array, n: number): Float64Array {
  const out = new Float64Array(close.length).fill(NaN)
  for (let t = n; t < close.length; t++) out[t] = close[t]! - close[t - n]!
  return out
}

/** TA-Lib NATR: 100 · ATR / close, a percentage of price, so coins and years compare. */
export function natr(high: Float64Array, low: Float64Array, close: Float64Array, n: number): Float64Array {
  const a = atr(high, low, close, n)
  for (let t = 0; t < a.length; t++) a[t] = (100 * a[t]!) / close[t]!
  return a
}

/**
 * Percentage price oscillator 100 · (EMA_fast − EMA_slow) / EMA_slow: the MACD line over the slow EMA, the same
 * EMAs as `macd` (TA-Lib's PPO with matype EMA; its default matype is a simple mean).
 */
export function ppo(close: Float64Array, fast: number, slow: number): Float64Array {
  const line = macd(close, fast, slow, 1).macd
  const es = ema(close, slow)
  for (let t = 0; t < line.length; t++) line[t] = (100 * line[t]!) / es[t]!
  return line
}

/** EMA seeded with the simple mean of its first n values, per run of finite values (as inside `macd`). */
export function ema(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  const k = 2 / (n + 1)
  const runs = finiteRuns(x)
  for (let r = 0; r < runs.length; r += 2) {
    const a = runs[r]!, b = runs[r + 1]!
    if (b - a < n) continue
    let e = 0
    for (let t = a; t < a + n; t++) e += x[t]!
    out[a + n - 1] = e /= n
    for (let t = a + n; t < b; t++) out[t] = e += k * (x[t]! - e)
  }
  return out
}
