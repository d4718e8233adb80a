import { ewmaVolatility } from '../features/ewma'
import { quantileSorted, sortedFinite } from '../util/quantiles'
import type { QuantileForecast } from './baselines'
import type { Levels } from './types'

/** Decays the EWMA baseline chooses from, on the validation split. */
export const EWMA_LAMBDAS = [0.9, 0.92, 0.94, 0.96, 0.98] as const

/** Forecast bars and their realised `horizon`-bar log returns: one split of one coin. */
export interface SplitReturns {
  /** Int32Array [n]: 1h rows of the forecast bars, ascending. */
  ends: Int32Array
  /** [n]: realised log returns ln(close_{t+h} / close_t). */
  returns: ArrayLike<number>
}

/** What the EWMA baseline needs of one coin. */
export interface EwmaCoin {
  /** Float64Array [1h rows]: closes on the 1h grid (NaN where no bar). */
  h1Close: Float64Array
  /** The split its standardised-return quantiles come from (the training split, or validation for a late coin). */
  fit: SplitReturns
  /** The validation split, to choose λ on. */
  val: SplitReturns
}

/** The fitted baseline: one decay for all coins, and each coin's standardised-return quantiles z_τ. */
export interface EwmaFit {
  lambda: number
  /** Per coin, in input order: z at the low, mid and high level. */
  z: [number, number, number][]
}

/**
 * EWMA volatility baseline, the one a quant reaches for first: q_τ = z_τ · σ_t · √h, σ_t the RiskMetrics
 * volatility of the coin's 1h returns up to bar t, z_τ the coin's empirical τ-quantile of r / (σ_t·√h) over its
 * training samples. λ is the grid value with the lowest pooled validation pinball loss.
 */
export function fitEwma(coins: readonly EwmaCoin[], levels: Levels, horizon: number, lambdas: readonly number[] = EWMA_LAMBDAS): EwmaFit {
  let best: EwmaFit | undefined
  let bestLoss = Infinity
  for (const lambda of lambdas) {
    let loss = 0, n = 0
    const z = coins.map((c) => {
      const sigma = ewmaVolatility(c.h1Close, lambda)
      const zc = standardisedQuantiles(sigma, c.fit, levels, horizon)
      const f = ewmaQuantiles(sigma, c.val.ends, zc, horizon)
      for (let i = 0; i < c.val.ends.length; i++) {
        const y = c.val.returns[i]!
        const q = [f.low[i]!, f.mid[i]!, f.high[i]!]
        if (!q.every(Number.isFinite) || !Number.isFinite(y)) continue
        for (let k = 0; k < 3; k++) loss += Math.max(levels[k]! * (y - q[k]!), (levels[k]! - 1) * (y - q[k]!))
        n++
      }
      return zc
    })
    const mean = n > 0 ? loss / n : Infinity
    if (!best || mean < bestLoss) (best = { lambda, z }), (bestLoss = mean)
  }
  return best!
}

/** z at each level: quantiles of the split's returns over σ_t·√h at their forecast bars. */
export function standardisedQuantiles(sigma: Float64Array, split: SplitReturns, levels: Levels, horizon: number): [number, number, number] {
  const root = Math.sqrt(horizon)
  const z = sortedFinite(Array.from(split.ends, (t, i) => split.returns[i]! / (sigma[t]! * root)))
  return [quantileSorted(z, levels[0]), quantileSorted(z, levels[1]), quantileSorted(z, levels[2])]
}

/** q_τ = z_τ · σ_t · √h at each forecast bar. */
export function ewmaQuantiles(sigma: Float64Array, ends: Int32Array, z: readonly [number, number, number], horizon: number): QuantileForecast {
  const root = Math.sqrt(horizon)
  const at = (k: number) => Float64Array.from(ends, (t) => z[k]! * sigma[t]! * root)
  return { low: at(0), mid: at(1), high: at(2) }
}

/** The fitted baseline's forecasts for one coin's bars. */
export function ewmaForecast(h1Close: Float64Array, ends: Int32Array, lambda: number, z: readonly [number, number, number], horizon: number): QuantileForecast {
  return ewmaQuantiles(ewmaVolatility(h1Close, lambda), ends, z, horizon)
}
