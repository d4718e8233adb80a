/** One indicator of the feature set and its periods; the feature names follow the periods. */
export type IndicatorSpec =
  | { kind: 'log_return' }
  | { kind: 'volatility'; period: number }
  | { kind: 'volatility_ratio'; period: number; mean: number }
  | { kind: 'atr'; period: number }
  | { kind: 'bb_width'; period: number; k: number }
  | { kind: 'range'; period: number }
  | { kind: 'rsi'; period: number }
  | { kind: 'macd'; fast: number; slow: number; signal: number }
  | { kind: 'momentum'; period: number }
  | { kind: 'roc'; period: number }
  | { kind: 'volume_ratio'; period: number }
  | { kind: 'natr'; period: number }
  | { kind: 'ppo'; fast: number; slow: number }
  | { kind: 'log_hl' }
  | { kind: 'abs_return' }
  | { kind: 'realized_vol'; period: number }
  | { kind: 'hour_of_day' }
  | { kind: 'day_of_week' }

export type IndicatorKind = IndicatorSpec['kind']

export interface FeaturesConfig {
  indicators: IndicatorSpec[]
  /** Bars per model window, in each stream. */
  window: number
  /** Target: log return from bar t's close to bar t+horizon's close, in 1h bars. */
  horizon: number
  /** Chronological fractions per coin; test gets the rest. */
  split: { train: number; val: number }
  /** Normalised values are clipped to ± this many train standard deviations. */
  clip: number
  /** What the model's target is divided by; forecasts are multiplied back. */
  target: TargetScale
}

/**
 * `ewma`: the target ln(close_{t+h}/close_t) is divided by σ_t·√h, σ_t the coin's exponentially weighted
 * volatility of 1h log returns up to bar t (RiskMetrics, decay `lambda`), known when the forecast is made; the
 * model learns the size of the next move relative to the recent one. `none`: raw log returns (the seed).
 */
export type TargetScale = { kind: 'none' } | { kind: 'ewma'; lambda: number }

/** Train / validation / test boundaries as dates, the same for every coin. */
export interface CalendarCut {
  /** Open time (epoch ms, on the hour) of the first validation forecast bar. */
  val: number
  /** Open time (epoch ms, on the hour) of the first test forecast bar. */
  test: number
}

/** Rows × features, row-major: row r, feature f at `data[r * features + f]`. Rows are bars on the stream's grid. */
export interface StreamMatrix {
  /** Float32Array [rows × features], z-scored with the coin's train statistics and clipped; NaN where undefined. */
  data: Float32Array
  rows: number
  features: number
  /** Open time (epoch ms) of row 0; row r opens at start + r·step. */
  start: number
  step: number
}

/** Per-feature statistics fitted on a coin's training rows of one stream. */
export interface FeatureStats {
  /** Float64Array [features]. */
  mean: Float64Array
  /** Float64Array [features]: population std; 1 where the train std is 0, so constants normalise to 0. */
  std: Float64Array
}

export type Split = 'train' | 'val' | 'test'
export const SPLITS: readonly Split[] = ['train', 'val', 'test']

/** Sample positions of one split: windows are gathered from the matrices on demand, never stored. */
export interface SampleIndex {
  /** Int32Array [samples]: 1h row of the last bar in the window (the bar the forecast is made at). */
  end1h: Int32Array
  /** Int32Array [samples]: 15m row of the last 15m bar that closes at or before that 1h bar closes. */
  end15m: Int32Array
  /** Float32Array [samples]: ln(close_{t+h} / close_t). */
  target: Float32Array
  /** Float64Array [samples]: close_t, to turn a forecast log return back into a price. */
  close: Float64Array
  /** Float32Array [samples]: what the target is divided by for training (σ_t·√h, or 1 with no scaling). */
  scale: Float32Array
}

export type DropReason = 'no target' | '1h window has missing bars' | '1h window in indicator warm-up' | '15m window outside the 15m data' | '15m window has missing bars' | '15m window in indicator warm-up' | 'purged: target inside the next split'

export interface CoinFeatures {
  symbol: string
  /** Bars per window in each stream (the config's window). */
  window: number
  /** 1h bars ahead the target looks (the config's horizon). */
  horizon: number
  h1: StreamMatrix
  m15: StreamMatrix
  /** Float64Array [h1 rows]: raw closes on the 1h grid (NaN where no bar): prices for forecasts and baselines. */
  h1Close: Float64Array
  samples: Record<Split, SampleIndex>
  stats: { h1: FeatureStats; m15: FeatureStats }
  /** Candidate samples dropped, by reason. */
  dropped: Partial<Record<DropReason, number>>
  /** Isolated missing bars that were forward-filled, per stream. */
  filled: { h1: number; m15: number }
  /** Open time of the first sample of each split (epoch ms), for the cell and the run record. */
  splitStart: Record<Split, number>
  /** The dates the splits were cut at; absent when the coin was split on its own (fractions of its samples). */
  cut?: CalendarCut
  /**
   * Which split the coin's scaling statistics and baseline spreads come from: 'train', or 'val' for a coin that
   * starts after the validation date (it is never trained on; its test scores are still out of sample).
   */
  fitOn: 'train' | 'val'
}
