import type { FeatureStats } from './types'

/**
 * Per-feature mean and population std over rows lo..hi (inclusive) — the coin's training rows only, so nothing
 * about validation or test data reaches the model through the scaling. Non-finite values are skipped.
 */
export function fitStats(columns: readonly Float64Array[], lo: number, hi: number): FeatureStats {
  const f = columns.length
  const mean = new Float64Array(f)
  const std = new Float64Array(f)
  columns.forEach((col, j) => {
    let n = 0, sum = 0
    for (let r = lo; r <= hi; r++) if (Number.isFinite(col[r]!)) (sum += col[r]!), n++
    const m = n > 0 ? sum / n : 0
    let ss = 0
    for (let r = lo; r <= hi; r++) if (Number.isFinite(col[r]!)) ss += (col[r]! - m) ** 2
    mean[j] = m
    const s = n > 0 ? Math.sqrt(ss / n) : 0
    std[j] = s > 0 ? s : 1
  })
  return { mean, std }
}

/** Row-major Float32Array [rows × features] of (x − mean)/std clipped to ±clip; NaN stays NaN. */
export function normalizeColumns(columns: readonly Float64Array[], stats: FeatureStats, clip: number): Float32Array {
  const f = columns.length
  const rows = f > 0 ? columns[0]!.length : 0
  const out = new Float32Array(rows * f)
  columns.forEach((col, j) => {
    const m = stats.mean[j]!, s = stats.std[j]!
    for (let r = 0; r < rows; r++) {
      const z = (col[r]! - m) / s
      out[r * f + j] = z > clip ? clip : z < -clip ? -clip : z
    }
  })
  return out
}
