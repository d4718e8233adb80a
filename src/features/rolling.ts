/**
 * Rolling and recursive primitives over Float64Arrays. Missing is NaN (a typed array has no null): a window
 * that holds a NaN gives NaN, and recursive filters (EMA, Wilder) start their warm-up again after a NaN
 * instead of staying NaN for ever. Output index t uses inputs ≤ t only.
 *
 * These loops run over every bar of every series: each works run by run over stretches of finite values
 * (`x - x === 0` is false for NaN and ±Infinity), so the inner loops carry no checks.
 */

/** Simple mean of the last n values. */
export function rollingMean(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, false)
}

/** Population standard deviation (TA-Lib STDDEV, pandas `std(ddof=0)`) of the last n values. */
export function rollingStd(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, true)
}

/** Population std / mean of the last n values (the Bollinger width is 2k times it): one pass for both. */
export function rollingCv(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, true, true)
}

/** Steps between fresh sums: bounds rounding drift to a few hundred updates' worth. */
const ANCHOR = 512

/**
 * Sliding sums over each run of finite values, of values shifted by a recent reference, so a BTC price near
 * 60,000 with a spread of 50 keeps its digits; summed afresh every ANCHOR steps so rounding cannot drift.
 */
function rolling(x: Float64Array, n: number, wantStd: boolean, perMean = false): Float64Array {
  if (!(n >= 1)) throw new Error(`features: window ${n} must be ≥ 1`)
  const out = new Float64Array(x.length).fill(NaN)
  forEachFiniteRun(x, (a, b) => {
    let s1 = 0, s2 = 0, ref = 0
    for (let t = a + n - 1, k = 0; t < b; t++, k++) {
      if (k % ANCHOR === 0) {
        ref = x[t]!
        s1 = 0
        s2 = 0
        for (let i = t - n + 1; i <= t; i++) {
          const d = x[i]! - ref
          s1 += d
          s2 += d * d
        }
      } else {
        const dIn = x[t]! - ref
        const dOut = x[t - n]! - ref
        s1 += dIn - dOut
        s2 += dIn * dIn - dOut * dOut
      }
      if (wantStd) {
        const variance = (s2 - (s1 * s1) / n) / n
        const sd = variance > 0 ? Math.sqrt(variance) : 0
        out[t] = perMean ? sd / (ref + s1 / n) : sd
      } else out[t] = ref + s1 / n
    }
  })
  return out
}

/** Calls f(a, b) for every maximal run x[a..b) of finite values. */
export function forEachFiniteRun(x: Float64Array, f: (a: number, b: number) => void): void {
  let a = 0
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!
    if (v - v === 0) continue
    if (t > a) f(a, t)
    a = t + 1
  }
  if (x.length > a) f(a, x.length)
}

/**
 * Exponential moving average, α = 2/(n+1), seeded with the simple mean of its first n values (TA-Lib's
 * classic seeding): first value at the n-th finite input.
 */
export function ema(x: Float64Array, n: number): Float64Array {
  return recursive(x, n, 2 / (n + 1))
}

/** Wilder's smoothing, α = 1/n, seeded with the simple mean of its first n values (ATR, RSI). */
export function wilder(x: Float64Array, n: number): Float64Array {
  return recursive(x, n, 1 / n)
}

function recursive(x: Float64Array, n: number, alpha: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  forEachFiniteRun(x, (a, b) => {
    if (b - a < n) return
    let prev = 0
    for (let t = a; t < a + n; t++) prev += x[t]!
    prev /= n
    out[a + n - 1] = prev
    for (let t = a + n; t < b; t++) out[t] = prev = prev + alpha * (x[t]! - prev)
  })
  return out
}
