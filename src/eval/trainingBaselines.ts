import type { CoinFeatures } from '../features/types'
import { baselineForecasts } from './baselineForecasts'
import { fitEwma } from './ewmaBaseline'
import { evalInput } from './inputs'
import { BASELINES, type BaselineName, type CoinForecast, type Levels } from './types'

/**
 * Each baseline's validation pinball loss in the units training reports (targets and forecasts divided by each
 * sample's scale, mean over samples and the three quantiles), so the loss chart can draw them as lines the model's
 * validation loss has to pass.
 */
export function validationBaselineLosses(coins: readonly CoinFeatures[], levels: Levels): Record<BaselineName, number> {
  const horizon = coins[0]?.horizon ?? 1
  // Baselines need only the samples' count and bars from a forecast: the model has made none yet.
  const stub = (c: CoinFeatures): CoinForecast => ({ symbol: c.symbol, openTime: new Float64Array(0), close: c.samples.val.close, actual: new Float64Array(0), mid: new Float64Array(0) })
  const inputs = coins.map((c) => evalInput(c, 'val', stub(c)))
  const made = baselineForecasts(inputs, levels, horizon, fitEwma(inputs, levels, horizon))
  const sum: Record<BaselineName, number> = { randomWalk: 0, historical: 0, ewma: 0 }
  let n = 0
  coins.forEach((c, i) => {
    const v = c.samples.val
    for (let k = 0; k < v.end1h.length; k++) {
      const s = v.scale[k]!, y = v.target[k]! / s
      for (const b of BASELINES) {
        const f = made[i]![b]
        const q = [f.low[k]! / s, f.mid[k]! / s, f.high[k]! / s]
        for (let j = 0; j < 3; j++) sum[b] += Math.max(levels[j]! * (y - q[j]!), (levels[j]! - 1) * (y - q[j]!)) / 3
      }
      n++
    }
  })
  return { randomWalk: sum.randomWalk / n, historical: sum.historical / n, ewma: sum.ewma / n }
}
