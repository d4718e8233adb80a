import { wilsonInterval } from './quantiles'
import type { CoinForecast, Levels, Metrics } from './types'

/**
 * Scores forecasts pooled over every part (coin) given. Price errors compare close · exp(mid) with the realised
 * close · exp(actual); quantile scores are on log returns (pinball, hit rates) or fractions of price (width,
 * Winkler) and are null when a part has no low/high quantile.
 */
export function score(parts: readonly Omit<CoinForecast, 'symbol' | 'openTime'>[], levels: Levels): Metrics {
  const quantiles = parts.length > 0 && parts.every((p) => p.low && p.high)
  const [a, , c] = levels
  const alpha = 1 - (c - a)
  let n = 0, abs = 0, sq = 0, ape = 0
  let dirN = 0, dirHits = 0
  const pin = [0, 0, 0], hit = [0, 0, 0]
  let covered = 0, width = 0, winkler = 0
  for (const p of parts) {
    for (let i = 0; i < p.close.length; i++) {
      const y = p.actual[i]!, m = p.mid[i]!, close = p.close[i]!
      const err = close * Math.exp(m) - close * Math.exp(y)
      const truth = close * Math.exp(y)
      n++
      abs += Math.abs(err)
      sq += err * err
      ape += Math.abs(err) / truth
      if (y !== 0) {
        dirN++
        dirHits += m === 0 ? 0.5 : Math.sign(m) === Math.sign(y) ? 1 : 0
      }
      if (!quantiles) continue
      const qs = [p.low![i]!, m, p.high![i]!]
      for (let k = 0; k < 3; k++) {
        const e = y - qs[k]!
        pin[k]! += Math.max(levels[k]! * e, (levels[k]! - 1) * e)
        if (y <= qs[k]!) hit[k]!++
      }
      if (qs[0]! <= y && y <= qs[2]!) covered++
      const lo = Math.exp(qs[0]!), hi = Math.exp(qs[2]!), r = Math.exp(y)
      width += hi - lo
      winkler += hi - lo + (r < lo ? (2 / alpha) * (lo - r) : r > hi ? (2 / alpha) * (r - hi) : 0)
    }
  }
  const mean = (s: number) => (n > 0 ? s / n : NaN)
  return {
    samples: n,
    mae: mean(abs),
    rmse: Math.sqrt(mean(sq)),
    mape: mean(ape),
    directionAccuracy: dirN > 0 ? dirHits / dirN : NaN,
    directionSamples: dirN,
    directionInterval: wilsonInterval(dirHits, dirN),
    pinball: quantiles ? { q10: mean(pin[0]!), q50: mean(pin[1]!), q90: mean(pin[2]!), mean: mean(pin[0]! + pin[1]! + pin[2]!) / 3 } : null,
    coverage: quantiles ? mean(covered) : null,
    hits: quantiles ? { q10: mean(hit[0]!), q50: mean(hit[1]!), q90: mean(hit[2]!) } : null,
    width: quantiles ? mean(width) : null,
    winkler: quantiles ? mean(winkler) : null,
  }
}

/** Skill against a baseline for a loss (lower is better): 1 − model / baseline; > 0 means the model is better. */
export function skill(model: number | null | undefined, baseline: number | null | undefined): number | null {
  if (model == null || baseline == null || !Number.isFinite(model) || !Number.isFinite(baseline) || baseline === 0) return null
  return 1 - model / baseline
}
