import type { CoinFeatures } from '../features/types'
import { historical, randomWalk, type QuantileForecast } from './baselines'
import { ewmaForecast, fitEwma } from './ewmaBaseline'
import { evalInput } from './inputs'
import { BASELINES, type BaselineName, type CoinForecast, type Levels } from './types'

/**
 * Each baseline's validation pinball loss in the units training reports (targets and forecasts divided by each
 * sample's scale, mean over samples and the three quantiles), so the loss chart can draw them as lines the model's
 * validation loss has to pass.
 */
export function validationBaselineLosses(coins: readonly CoinFeatures[], levels: Levels): Record<BaselineName, number> {
  const horizon = coins[0]?.horizon ?? 1
  const stub = (c: CoinFeatures): CoinForecast => ({ symbol: c.symbol, openTime: new Float64Array(0), close: new Float64Array(0), actual: new Float64Array(0), mid: new Float64Array(0) })
  const ewma = fitEwma(coins.map((c) => evalInput(c, 'val', stub(c))), levels, horizon)
  const sum: Record<BaselineName, number> = { randomWalk: 0, historical: 0, ewma: 0 }
  let n = 0
  coins.forEach((c, i) => {
    const v = c.samples.val
    const fit = c.samples[c.fitOn]
    const made: Record<BaselineName, QuantileForecast> = {
      randomWalk: randomWalk(fit.target, v.end1h.length, levels),
      historical: historical(c.h1Close, horizon, v.end1h, levels),
      ewma: ewmaForecast(c.h1Close, v.end1h, ewma.lambda, ewma.z[i]!, horizon),
    }
    for (let k = 0; k < v.end1h.length; k++) {
      const s = v.scale[k]!, y = v.target[k]! / s
      for (const b of BASELINES) {
        const q = [made[b].low[k]! / s, made[b].mid[k]! / s, made[b].high[k]! / s]
        for (let j = 0; j < 3; j++) sum[b] += Math.max(levels[j]! * (y - q[j]!), (levels[j]! - 1) * (y - q[j]!)) / 3
      }
      n++
    }
  })
  return { randomWalk: sum.randomWalk / n, historical: sum.historical / n, ewma: sum.ewma / n }
}
