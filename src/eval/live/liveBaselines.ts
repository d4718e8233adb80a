import { ewmaVolatility } from '../../features/ewma'
import { quantileSorted, sortedFinite } from '../../util/quantiles'
import { historical } from '../baselines'
import { ewmaQuantiles, standardisedQuantiles } from '../ewmaBaseline'
import type { BaselineName, Levels } from '../types'

/**
 * The three baselines' bands for a live forecast at 1h row `t`, fitted on the fetched history up to bar t only
 * (a live session has no training split at hand): random walk — median 0, the 10 % / 90 % quantiles of every
 * `horizon`-bar return in that history; trailing 500 h — as Evaluate makes it; EWMA — z_τ · σ_t · √h with decay
 * `lambda` and z_τ the quantiles of the history's returns over σ·√h. Nothing after bar t is read.
 */
export function liveBaselines(h1Close: Float64Array, t: number, levels: Levels, horizon: number, lambda: number): Record<BaselineName, [number, number, number]> {
  const close = h1Close.subarray(0, t + 1)
  const rows: number[] = []
  const returns: number[] = []
  for (let s = 0; s + horizon <= t; s++) {
    const r = Math.log(close[s + horizon]! / close[s]!)
    if (Number.isFinite(r)) (rows.push(s), returns.push(r))
  }
  const sorted = sortedFinite(returns)
  const hist = historical(close, horizon, Int32Array.of(t), levels)
  const sigma = ewmaVolatility(close, lambda)
  const fitted = rows.map((s, i) => [s, returns[i]!] as const).filter(([s]) => Number.isFinite(sigma[s]!))
  const z = standardisedQuantiles(sigma, { ends: Int32Array.from(fitted, ([s]) => s), returns: fitted.map(([, r]) => r) }, levels, horizon)
  const e = ewmaQuantiles(sigma, Int32Array.of(t), z, horizon)
  return {
    randomWalk: [quantileSorted(sorted, levels[0]), 0, quantileSorted(sorted, levels[2])],
    historical: [hist.low[0]!, hist.mid[0]!, hist.high[0]!],
    ewma: [e.low[0]!, e.mid[0]!, e.high[0]!],
  }
}
