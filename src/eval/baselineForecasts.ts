import { historical, randomWalk, type QuantileForecast } from './baselines'
import type { CoinEvalInput } from './evaluate'
import { ewmaForecast, type EwmaFit } from './ewmaBaseline'
import type { BaselineName, Levels } from './types'

/**
 * Each baseline's forecasts of the samples the model forecast, per coin in input order: what Evaluate scores and
 * what the Backtest trades the same rule on. `ewma` is the fitted EWMA baseline (its z per coin in input order).
 */
export function baselineForecasts(inputs: readonly CoinEvalInput[], levels: Levels, horizon: number, ewma: EwmaFit): Record<BaselineName, QuantileForecast>[] {
  return inputs.map((c, i) => ({
    randomWalk: randomWalk(c.trainReturns, c.forecast.close.length, levels),
    historical: historical(c.h1Close, horizon, c.ends, levels),
    ewma: ewmaForecast(c.h1Close, c.ends, ewma.lambda, ewma.z[i]!, horizon),
  }))
}
