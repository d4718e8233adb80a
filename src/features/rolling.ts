/**
 * Rolling and recursive primitives over Float64Arrays. Missing is NaN (a typed array has no null): a window
 * that holds a NaN gives NaN, and recursive filters (EMA, Wilder) start their warm-up again after a NaN
 * instead of staying NaN for ever. Output index t uses inputs ≤ t only.
 *
 * These loops run over every bar of every series, so they are written flat: no callbacks, no allocation
 * beyond the output, `x - x === 0` as the finite test (false for NaN and ±Infinity).
 */

/** Simple mean of the last n values. */
export function rollingMean(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, false)
}

/** Population standard deviation (TA-Lib STDDEV, pandas `std(ddof=0)`) of the last n values. */
export function rollingStd(x: Float64Array, n: number): Float64Array {
  return rolling(x, n, true)
}

/**
 * Running sums of values shifted by a recent reference value, so a BTC price near 60,000 with a spread of 50
 * keeps its digits; re-anchored (summed afresh) every n steps so rounding cannot drift over long series.
 */
function rolling(x: Float64Array, n: number, wantStd: boolean): Float64Array {
  if (!(n >= 1)) throw new Error(`features: window ${n} must be ≥ 1`)
  const len = x.length
  const out = new Float64Array(len).fill(NaN)
  let s1 = 0, s2 = 0, ref = 0, bad = 0, fresh = n
  for (let t = 0; t < len; t++) {
    const v = x[t]!
    if (!(v - v === 0)) bad++
    if (t >= n) {
      const old = x[t - n]!
      if (!(old - old === 0)) bad--
    }
    if (bad > 0 || t < n - 1) {
      fresh = n
      continue
    }
    if (fresh >= n) {
      ref = v
      s1 = 0
      s2 = 0
      for (let i = t - n + 1; i <= t; i++) {
        const d = x[i]! - ref
        s1 += d
        s2 += d * d
      }
      fresh = 0
    } else {
      const dIn = v - ref
      const dOut = x[t - n]! - ref
      s1 += dIn - dOut
      s2 += dIn * dIn - dOut * dOut
      fresh++
    }
    if (wantStd) {
      const variance = (s2 - (s1 * s1) / n) / n
      out[t] = variance > 0 ? Math.sqrt(variance) : 0
    } else out[t] = ref + s1 / n
  }
  return out
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
  const len = x.length
  const out = new Float64Array(len).fill(NaN)
  let run = 0, sum = 0, prev = 0
  for (let t = 0; t < len; t++) {
    const v = x[t]!
    if (!(v - v === 0)) {
      run = 0
      sum = 0
    } else if (run >= n) {
      out[t] = prev = prev + alpha * (v - prev)
    } else {
      sum += v
      if (++run === n) out[t] = prev = sum / n
    }
  }
  return out
}
