import { baselineForecasts } from './baselineForecasts'
import { fitEwma, type SplitReturns } from './ewmaBaseline'
import { score, skill } from './metrics'
import { BASELINES, type BaselineName, type CoinForecast, type Evaluation, type Levels, type Metrics, type QuantileSkill, type Split } from './types'
import { widthBins } from './widthBins'

/** One coin's model forecasts and what its baselines need. */
export interface CoinEvalInput {
  forecast: CoinForecast
  /** The coin's training-split target returns (validation for a coin never trained on): the random walk's spread. */
  trainReturns: ArrayLike<number>
  /** Float64Array [1h rows]: the 1h grid's closes (NaN where no bar), for trailing returns and EWMA volatility. */
  h1Close: Float64Array
  /** Int32Array [n]: 1h row of each forecast, ascending. */
  ends: Int32Array
  /** The split the EWMA baseline's z quantiles come from (the one `trainReturns` come from), with its bars. */
  fit: SplitReturns
  /** The validation split: the EWMA baseline chooses its decay there. */
  val: SplitReturns
}

/**
 * The model against the three baselines on the same samples, pooled and per coin. Coins in `untrained` (scored
 * though the model never trained on them) are pooled apart, under `unseen`, so the headline stays comparable.
 */
export function evaluate(inputs: readonly CoinEvalInput[], split: Split, levels: Levels, horizon: number, untrained: ReadonlySet<string> = new Set()): Evaluation {
  // The decay is chosen on the trained coins alone, so scoring more coins does not move the headline figures.
  const trainedInputs = inputs.filter((c) => !untrained.has(c.forecast.symbol))
  const ewma = fitEwma(inputs, levels, horizon, [fitEwma(trainedInputs.length ? trainedInputs : inputs, levels, horizon).lambda])
  const forecasts = baselineForecasts(inputs, levels, horizon, ewma)
  const pooled: Record<BaselineName, CoinForecast[]> = { randomWalk: [], historical: [], ewma: [] }
  const unseen: Record<BaselineName, CoinForecast[]> = { randomWalk: [], historical: [], ewma: [] }
  const perCoin: Record<string, Metrics> = {}
  const perCoinBaselines: Evaluation['perCoinBaselines'] = {}
  inputs.forEach((c, i) => {
    const f = c.forecast
    const b = forecasts[i]!
    const made: Record<BaselineName, CoinForecast> = { randomWalk: { ...f, ...b.randomWalk }, historical: { ...f, ...b.historical }, ewma: { ...f, ...b.ewma } }
    for (const b of BASELINES) (untrained.has(f.symbol) ? unseen : pooled)[b].push(made[b])
    perCoin[f.symbol] = score([f], levels)
    perCoinBaselines[f.symbol] = { randomWalk: score([made.randomWalk], levels), historical: score([made.historical], levels), ewma: score([made.ewma], levels) }
  })
  const trained = trainedInputs.map((c) => c.forecast)
  const others = inputs.filter((c) => untrained.has(c.forecast.symbol)).map((c) => c.forecast)
  const model = score(trained, levels)
  const baselines = { randomWalk: score(pooled.randomWalk, levels), historical: score(pooled.historical, levels), ewma: score(pooled.ewma, levels) }
  const unseenModel = score(others, levels)
  const unseenBaselines = { randomWalk: score(unseen.randomWalk, levels), historical: score(unseen.historical, levels), ewma: score(unseen.ewma, levels) }
  return {
    split,
    levels,
    horizon,
    samples: model.samples,
    model,
    baselines,
    ewmaLambda: ewma.lambda,
    skill: skillsOf(model, baselines),
    perCoin,
    perCoinBaselines,
    perCoinSkill: Object.fromEntries(Object.entries(perCoin).map(([s, m]) => [s, skillsOf(m, perCoinBaselines[s]!)])),
    widthBins: widthBins(trained),
    untrained: others.map((f) => f.symbol),
    ...(others.length ? { unseen: { samples: unseenModel.samples, model: unseenModel, baselines: unseenBaselines, skill: skillsOf(unseenModel, unseenBaselines) } } : {}),
  }
}

/** Pinball skill 1 − model / baseline per quantile and for the mean, against each baseline (null without quantiles). */
export function skillsOf(model: Metrics, baselines: Record<BaselineName, Metrics>): Record<BaselineName, QuantileSkill | null> {
  const one = (b: Metrics): QuantileSkill | null => {
    const m = model.pinball, p = b.pinball
    if (!m || !p) return null
    return { q10: skill(m.q10, p.q10), q50: skill(m.q50, p.q50), q90: skill(m.q90, p.q90), mean: skill(m.mean, p.mean) }
  }
  return { randomWalk: one(baselines.randomWalk), historical: one(baselines.historical), ewma: one(baselines.ewma) }
}
