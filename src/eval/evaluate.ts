import { historical, randomWalk } from './baselines'
import { score } from './metrics'
import type { CoinForecast, Evaluation, Levels, Metrics, Split } from './types'

/** One coin's model forecasts and what its baselines need. */
export interface CoinEvalInput {
  forecast: CoinForecast
  /** The coin's training-split target returns: the random walk's spread. */
  trainReturns: ArrayLike<number>
  /** Float64Array [1h rows]: the 1h grid's closes (NaN where no bar), for trailing returns. */
  h1Close: Float64Array
  /** Int32Array [n]: 1h row of each forecast, ascending. */
  ends: Int32Array
}

/** The model against both baselines on the same samples, pooled and per coin. */
export function evaluate(inputs: readonly CoinEvalInput[], split: Split, levels: Levels, horizon: number): Evaluation {
  const rw: CoinForecast[] = []
  const hist: CoinForecast[] = []
  const perCoin: Record<string, Metrics> = {}
  const perCoinBaselines: Evaluation['perCoinBaselines'] = {}
  for (const c of inputs) {
    const f = c.forecast
    const n = f.close.length
    const r = { ...f, ...randomWalk(c.trainReturns, n, levels) }
    const h = { ...f, ...historical(c.h1Close, horizon, c.ends, levels) }
    rw.push(r)
    hist.push(h)
    perCoin[f.symbol] = score([f], levels)
    perCoinBaselines[f.symbol] = { randomWalk: score([r], levels), historical: score([h], levels) }
  }
  const model = score(inputs.map((c) => c.forecast), levels)
  return {
    split,
    levels,
    horizon,
    samples: model.samples,
    model,
    baselines: { randomWalk: score(rw, levels), historical: score(hist, levels) },
    perCoin,
    perCoinBaselines,
  }
}
