import type { CoinForecast, WidthBin } from './types'

/**
 * The model's samples sorted by band width and cut into `bins` groups of (nearly) equal size: mean width, mean
 * realised |move| and coverage per group. A forecaster that times volatility shows moves growing with width; one
 * that does not shows a flat line. Empty for forecasts without a band.
 */
export function widthBins(parts: readonly CoinForecast[], bins = 10): WidthBin[] {
  if (parts.length === 0 || !parts.every((p) => p.low && p.high)) return []
  const rows: { w: number; m: number; c: number }[] = []
  for (const p of parts) {
    for (let i = 0; i < p.close.length; i++) {
      const lo = p.low![i]!, hi = p.high![i]!, y = p.actual[i]!
      rows.push({ w: Math.exp(hi) - Math.exp(lo), m: Math.abs(Math.expm1(y)), c: lo <= y && y <= hi ? 1 : 0 })
    }
  }
  rows.sort((a, b) => a.w - b.w)
  const k = Math.min(bins, rows.length)
  return Array.from({ length: k }, (_, b) => {
    const part = rows.slice(Math.floor((b * rows.length) / k), Math.floor(((b + 1) * rows.length) / k))
    const mean = (f: (r: (typeof rows)[number]) => number) => part.reduce((s, r) => s + f(r), 0) / part.length
    return { samples: part.length, width: mean((r) => r.w), absMove: mean((r) => r.m), coverage: mean((r) => r.c) }
  })
}
