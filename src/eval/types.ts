/**
 * Forecasts of one coin over one split, in sample order. Returns are log returns ln(next_close / close) over the
 * features' horizon; prices follow as close · exp(return).
 */
export interface CoinForecast {
  symbol: string
  /** Float64Array [n]: open time (epoch ms) of the 1h bar each forecast is made at. */
  openTime: Float64Array
  /** Float64Array [n]: that bar's close. */
  close: Float64Array
  /** Float64Array [n]: the realised log return to the close `horizon` bars later. */
  actual: Float64Array
  /** Float64Array [n] each: forecast log-return quantiles low / median / high. A one-value model has only `mid`. */
  low?: Float64Array
  mid: Float64Array
  high?: Float64Array
}

/** The three quantile levels a quantile forecast stands for, e.g. [0.1, 0.5, 0.9]. */
export type Levels = readonly [number, number, number]

/** One forecaster's scores over a set of samples. Quantile scores are null for a one-value forecast. */
export interface Metrics {
  samples: number
  /** Price space, of the median forecast close · exp(mid): mean absolute error, in quote currency (USDT). */
  mae: number
  rmse: number
  /** Fraction, not percent. */
  mape: number
  /** Fraction of samples with a non-zero move whose sign the median got right; a zero forecast scores ½. */
  directionAccuracy: number
  /** Samples the accuracy counts (moves of exactly zero are left out). */
  directionSamples: number
  /** Wilson 95 % interval of the accuracy. */
  directionInterval: [number, number]
  /** Log-return pinball loss per quantile and their mean. */
  pinball: { q10: number; q50: number; q90: number; mean: number } | null
  /** Fraction of realised returns inside [low, high]; nominal high − low level (80 % for 10–90). */
  coverage: number | null
  /** Fraction of realised returns at or below each quantile; nominal the levels themselves. */
  hits: { q10: number; q50: number; q90: number } | null
  /** Mean interval width as a fraction of price: exp(high) − exp(low). */
  width: number | null
  /** Mean Winkler interval score as a fraction of price (width plus 2/α × the miss, α = 1 − nominal coverage). */
  winkler: number | null
}

/** The Evaluate cell offers val and test; the Backtest can also run on train (with a warning). */
export type Split = 'train' | 'val' | 'test'

/** The naive forecasters every figure is shown next to. */
export type BaselineName = 'randomWalk' | 'historical' | 'ewma'
export const BASELINES: readonly BaselineName[] = ['randomWalk', 'historical', 'ewma']

/** Pinball skill 1 − model / baseline per quantile and for their mean; > 0: the model is better. Null if undefined. */
export interface QuantileSkill {
  q10: number | null
  q50: number | null
  q90: number | null
  mean: number | null
}

/** Samples grouped by the width of the model's band: does a wider band come with bigger moves? */
export interface WidthBin {
  samples: number
  /** Mean forecast band width exp(high) − exp(low), a fraction of price. */
  width: number
  /** Mean realised |exp(return) − 1|, a fraction of price. */
  absMove: number
  /** Share of realised returns inside the band. */
  coverage: number
}

/** What the Evaluate cell shows and metrics.json holds. */
export interface Evaluation {
  split: Split
  levels: Levels
  /** Forecast horizon in 1h bars. */
  horizon: number
  samples: number
  model: Metrics
  baselines: Record<BaselineName, Metrics>
  /** The decay the EWMA baseline chose on the validation split. */
  ewmaLambda: number
  /** Pooled pinball skill against each baseline. */
  skill: Record<BaselineName, QuantileSkill | null>
  perCoin: Record<string, Metrics>
  perCoinBaselines: Record<string, Record<BaselineName, Metrics>>
  perCoinSkill: Record<string, Record<BaselineName, QuantileSkill | null>>
  /** The model's samples in ten groups of equal size by band width, narrowest first; empty for a one-value model. */
  widthBins: WidthBin[]
  /** Coins scored though the model never trained on them (in `perCoin`, left out of the pooled figures above). */
  untrained: string[]
  /** Those coins pooled: does the model carry over to coins it has not seen? */
  unseen?: { samples: number; model: Metrics; baselines: Record<BaselineName, Metrics>; skill: Record<BaselineName, QuantileSkill | null> }
}
