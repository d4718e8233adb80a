import type { BaselineName } from '../types'

/**
 * One live forecast: made at the close of 1h bar `barOpenTime` for the close `horizon` bars later, kept with the
 * baselines' forecasts of the same bar and, once its target bar has closed, what happened. Plain data: it goes
 * into IndexedDB and the Parquet export as it is.
 */
export interface LiveForecast {
  symbol: string
  /** Open time (epoch ms) of the last closed 1h bar the forecast is made at. */
  barOpenTime: number
  /** The exchange's time (epoch ms, GET /api/v3/time) when it was made. */
  madeAt: number
  /** Made more than LATE_AFTER_MS after its bar closed (a sleeping or throttled tab): kept and marked, not traded. */
  late: boolean
  /** Close of bar `barOpenTime`, quote currency. */
  close: number
  /** Forecast log-return quantiles ln(close_{t+h} / close_t); q10 and q90 NaN for a one-value model. */
  q10: number
  q50: number
  q90: number
  /** Each baseline's q10 / q50 / q90 log returns for the same bar. */
  baselines: Record<BaselineName, [number, number, number]>
  /** The backtest rule's position for the coming hour(s), a multiple of equity (0 for a late forecast: not traded). */
  position: number
  /** Set when scored: the target bar's close and the realised log return. */
  realised?: { close: number; actual: number }
  /** Set when it can never be scored, with why (its target bar had closed before it was made). */
  unscorable?: string
}

/** What one refresh did, for the cell's log. */
export interface RefreshLog {
  /** The exchange's time of the refresh, epoch ms. */
  at: number
  /** The refresh ran this long after its slot (a throttled timer or a sleeping laptop), ms. */
  lateBy: number
  made: number
  scored: number
  /** How long the refresh took on the page, fetching included, ms. */
  ms: number
  /** Forecasts skipped (gaps, unknown coins …) with why. */
  skipped: string[]
}
