import type { Bars, RuleParams } from './types'

/** z of the 90 % quantile of a normal: (q90 − q10) / (2 · 1.2816) is σ for a normal band. */
export const Z90 = 1.2816

/**
 * Gated direction: p = 0 when the band w = exp(q90) − exp(q10) is wider than W; else +1 when q50 > θ; else −1
 * when q50 < −θ and shorts are allowed; else 0. A one-value model has no band (NaN): it is never gated.
 */
export function gatedPosition(q10: number, q50: number, q90: number, p: Pick<RuleParams, 'maxWidth' | 'threshold' | 'shorts'>): number {
  const w = Math.exp(q90) - Math.exp(q10)
  if (w > p.maxWidth) return 0
  if (q50 > p.threshold) return 1
  if (p.shorts && q50 < -p.threshold) return -1
  return 0
}

/**
 * Volatility target, long only: σ̂ = (q90 − q10) / (2 · 1.2816), target min(L, σ* / σ̂) with σ* the annual
 * target over √(8760 / h); kept at p_prev unless it moves by more than the band.
 */
export function volTargetPosition(q10: number, q90: number, prev: number, p: Pick<RuleParams, 'volTarget' | 'leverage' | 'band'>, horizon: number): number {
  const sigma = (q90 - q10) / (2 * Z90)
  if (!(sigma > 0)) throw new Error(`backtest: the volatility target needs a band q90 > q10, got q10 ${q10} and q90 ${q90}; use a quantile model or the gated rule`)
  const perBar = p.volTarget / Math.sqrt(8760 / horizon)
  const target = Math.min(p.leverage, perBar / sigma)
  return Math.abs(target - prev) > p.band ? target : prev
}

/**
 * The rule's target position at bar k given the position held into it (0 after a forced close). Reads only
 * bar k's forecast: nothing of later bars.
 */
export function targetPosition(bars: Bars, k: number, prev: number, params: RuleParams, horizon: number): number {
  switch (params.rule) {
    case 'gated':
      return gatedPosition(bars.q10[k]!, bars.q50[k]!, bars.q90[k]!, params)
    case 'volTarget':
      return volTargetPosition(bars.q10[k]!, bars.q90[k]!, prev, params, horizon)
  }
}
