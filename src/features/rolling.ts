/**
 * Rolling-window primitives over Float64Arrays. Missing is NaN (a typed array has no null): a window that holds
 * a NaN gives NaN. Output index t uses inputs ≤ t only. (The recursive indicators — EMA, Wilder — live inside
 * MACD, RSI and ATR, one pass each.)
 *
 * These loops run over every bar of every series: each works run by run over stretches of finite values
 * (`x - x === 0` is false for NaN and ±Infinity), so the inner loops carry no checks.
 */

/** Simple mean of the last n values. */
export function rollingMean(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, MEAN)
}

/** Population standard deviation (TA-Lib STDDEV, pandas `std(ddof=0)`) of the last n values. */
export function rollingStd(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, STD)
}

/** scale · population std / mean of the last n values (the Bollinger width is 2k times it), in one pass. */
export function rollingCv(x: Float64Array, n: number, scale = 1): Float64Array {
  return rolling(x, n, CV, scale)
}

/** x_t / mean of the last n values, NaN where that mean is not positive, in one pass. */
export function ratioToRollingMean(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, RATIO)
}

const MEAN = 0, STD = 1, CV = 2, RATIO = 3

/** Steps between fresh sums: bounds rounding drift to a few hundred updates' worth. */
const ANCHOR = 512

/**
 * Sliding sums over each run of finite values, of values shifted by a recent reference, so a BTC price near
 * 60,000 with a spread of 50 keeps its digits; summed afresh every ANCHOR steps so rounding cannot drift.
 */
function rolling(x: Float64Array, n: number, mode: number, scale = 1): Float64Array {
  if (!(n >= 1)) throw new Error(`features: window ${n} must be ≥ 1`)
  const out = new Float64Array(x.length)
  const runs = finiteRuns(x)
  let done = 0 // out[0..done) is written
  for (let r = 0; r < runs.length; r += 2) {
    const a = runs[r]!, b = runs[r + 1]!
    if (b - a < n) continue
    out.fill(NaN, done, a + n - 1)
    done = b
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
      const mean = ref + s1 / n
      if (mode === MEAN) out[t] = mean
      else if (mode === RATIO) out[t] = mean > 0 ? x[t]! / mean : NaN
      else {
        const variance = (s2 - (s1 * s1) / n) / n
        const sd = variance > 0 ? Math.sqrt(variance) : 0
        out[t] = mode === STD ? sd : (scale * sd) / mean
      }
    }
  }
  out.fill(NaN, done)
  return out
}

/**
 * Maximal runs x[a..b) of finite values as [a0, b0, a1, b1, …]. The loops that use them stay in their own
 * function body: a loop inside a callback reads its captured variables through a context object, which made
 * these passes three times slower.
 */
export function finiteRuns(x: Float64Array): Int32Array {
  const runs: number[] = []
  let a = 0
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!
    if (v - v === 0) continue
    if (t > a) runs.push(a, t)
    a = t + 1
  }
  if (x.length > a) runs.push(a, x.length)
  return Int32Array.from(runs)
}
