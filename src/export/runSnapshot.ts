import type { RunConfig } from '../config/runConfig'
import { fingerprint } from '../data/fingerprint'
import type { Series } from '../data/types'
import type { CalendarCut, CoinFeatures } from '../features/types'
import { hashText } from '../util/hash'
import type { RunRecord } from './runRecord'

/**
 * What a model depends on, frozen when its training starts (or restored when it is loaded): the run's identity.
 * Every cell after Train reads this, never the page's current settings, so changing a feature period after
 * training cannot make the saved record, the evaluation or a resume describe another model.
 */
export interface RunSnapshot {
  /** Names this run: its checkpoint, its record, its evaluation. */
  runId: string
  /** The whole configuration as it was when the run started. */
  config: RunConfig
  /** Feature names in column order (periods in the names: `rsi_14`), both streams. */
  featureNames: string[]
  /** The coins it trains on, with their features as trained: windows, target scale, z-score statistics, splits. */
  coins: CoinFeatures[]
  /** The dates the splits were cut at; absent when coins were split on their own. */
  splitDates?: CalendarCut
  /** The candles of those coins: where they came from and their fingerprint. */
  data: RunRecord['data']
  /** Hash of everything above but the run id and the backend: a checkpoint resumes only a run with the same key. */
  key: string
}

/** Freezes a run. `series` are the loaded candles; only the trained coins' are fingerprinted. */
export function takeSnapshot(p: { runId: string; config: RunConfig; featureNames: string[]; coins: CoinFeatures[]; series: readonly Series[]; source: string; origin: string }): RunSnapshot {
  const symbols = new Set(p.coins.map((c) => c.symbol))
  const series = p.series.filter((s) => symbols.has(s.symbol))
  const data = { source: p.source, origin: p.origin, fingerprint: fingerprint(series), series: series.length, bars: series.reduce((n, s) => n + s.candles.openTime.length, 0) }
  const splitDates = p.coins[0]?.cut
  return { runId: p.runId, config: p.config, featureNames: p.featureNames, coins: p.coins, splitDates, data, key: snapshotKey(p.config, p.featureNames, p.coins.map((c) => c.symbol), data.fingerprint) }
}

/** The backend is left out (a run may resume on another, as after a GPU fails) and so is the backtest (it comes after). */
export function snapshotKey(config: RunConfig, featureNames: readonly string[], coins: readonly string[], dataFingerprint: string): string {
  const { backend: _b, backtest: _t, ...rest } = config
  return hashText(JSON.stringify([rest, featureNames, coins, dataFingerprint]))
}

/** A new run id: time and a random tail, so two tabs starting in the same millisecond differ. */
export function newRunId(now = Date.now(), random = Math.random()): string {
  return `run-${now.toString(36)}-${Math.floor(random * 36 ** 4).toString(36).padStart(4, '0')}`
}
