import { logReturn } from './indicators'

/** Finite returns averaged to seed the recursion: the first σ is their root mean square. */
export const EWMA_SEED = 20

/**
 * RiskMetrics volatility of 1h log returns: v_t = λ·v_{t−1} + (1 − λ)·r_t², σ_t = √v_t, seeded with the mean
 * of the first EWMA_SEED squared returns (σ is NaN before the seed's last bar). σ_t uses returns up to bar t's
 * close only, so it is known when a forecast is made at t. A missing return (a gap) leaves v as it was.
 */
export function ewmaVolatility(close: Float64Array, lambda: number, seed = EWMA_SEED): Float64Array {
  if (!(lambda > 0 && lambda < 1)) throw new Error(`features: EWMA decay ${lambda} must be in (0, 1)`)
  const r = logReturn(close)
  const out = new Float64Array(close.length).fill(NaN)
  let v = 0, seen = 0
  for (let t = 0; t < r.length; t++) {
    const x = r[t]!
    const finite = x - x === 0
    if (seen < seed) {
      if (!finite) continue
      v += x * x
      if (++seen === seed) out[t] = Math.sqrt((v /= seed))
      continue
    }
    if (finite) v = lambda * v + (1 - lambda) * x * x
    out[t] = Math.sqrt(v)
  }
  return out
}
