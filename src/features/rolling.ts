/**
 * Rolling and recursive primitives over Float64Arrays. Missing is NaN (a typed array has no null): a window
 * that holds a NaN gives NaN, and recursive filters (EMA, Wilder) start their warm-up again after a NaN
 * instead of staying NaN for ever. Output index t uses inputs ≤ t only.
 */

/** Simple mean of the last n values. Running sums, re-anchored every n steps so rounding cannot drift. */
export function rollingMean(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  rollingMoments(x, n, (t, mean) => (out[t] = mean))
  return out
}

/** Population standard deviation (TA-Lib STDDEV, pandas `std(ddof=0)`) of the last n values. */
export function rollingStd(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  rollingMoments(x, n, (t, _, variance) => (out[t] = Math.sqrt(variance)))
  return out
}

/**
 * Calls `emit(t, mean, populationVariance)` for every t whose window of n values is all finite. Sums are of
 * values shifted by a recent reference, so a BTC price near 60,000 with a spread of 50 keeps its digits.
 */
function rollingMoments(x: Float64Array, n: number, emit: (t: number, mean: number, variance: number) => void): void {
  const len = x.length
  if (n < 1) throw new Error(`features: window ${n} must be ≥ 1`)
  let s1 = 0, s2 = 0, bad = 0, ref = 0, sinceAnchor = 0
  for (let t = 0; t < len; t++) {
    const v = x[t]!
    if (!Number.isFinite(v)) bad++
    if (t >= n && !Number.isFinite(x[t - n]!)) bad--
    if (bad > 0 || t < n - 1) {
      sinceAnchor = n // force a fresh anchor once the window is clean again
      continue
    }
    if (sinceAnchor >= n) {
      ref = x[t]!
      s1 = 0
      s2 = 0
      for (let i = t - n + 1; i <= t; i++) {
        const d = x[i]! - ref
        s1 += d
        s2 += d * d
      }
      sinceAnchor = 0
    } else {
      const dIn = v - ref
      const dOut = x[t - n]! - ref
      s1 += dIn - dOut
      s2 += dIn * dIn - dOut * dOut
      sinceAnchor++
    }
    // Shifting by ref leaves the variance unchanged; the mean needs ref back.
    emit(t, ref + s1 / n, Math.max(0, (s2 - (s1 * s1) / n) / n))
  }
}

/**
 * Exponential moving average, α = 2/(n+1), seeded with the simple mean of its first n values (TA-Lib's
 * classic seeding): first value at the n-th finite input.
 */
export function ema(x: Float64Array, n: number): Float64Array {
  return recursive(x, n, (prev, v) => prev + (2 / (n + 1)) * (v - prev))
}

/** Wilder's smoothing, α = 1/n, seeded with the simple mean of its first n values (ATR, RSI). */
export function wilder(x: Float64Array, n: number): Float64Array {
  return recursive(x, n, (prev, v) => (prev * (n - 1) + v) / n)
}

function recursive(x: Float64Array, n: number, step: (prev: number, v: number) => number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN)
  let run = 0, sum = 0, prev = NaN
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!
    if (!Number.isFinite(v)) {
      run = 0
      sum = 0
      continue
    }
    if (run < n) {
      sum += v
      run++
      if (run === n) out[t] = prev = sum / n
    } else out[t] = prev = step(prev, v)
  }
  return out
}
