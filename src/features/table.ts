import { INTERVAL_MS, type Interval, type Candles } from '../data/types'
import { rawStream } from './pipeline'
import { allFeatureNames } from './spec'
import type { FeaturesConfig } from './types'

/** Raw features of many series in long format, for people who train elsewhere. */
export interface FeatureTable {
  names: string[]
  symbol: string[]
  interval: Interval[]
  /** Float64Array [rows]: bar open time, epoch ms. */
  openTime: Float64Array
  /** Float64Array [rows] per feature, raw (before normalisation), in `names` order. */
  columns: Float64Array[]
}

/**
 * Every bar where all features are defined (warm-up rows and missing bars dropped; isolated missing bars
 * forward-filled, as the pipeline does), series after series.
 */
export function featureTable(series: readonly { symbol: string; interval: Interval; candles: Candles }[], cfg: FeaturesConfig): FeatureTable {
  const names = allFeatureNames(cfg.indicators)
  const parts = series.map((s) => ({ s, raw: rawStream(s.candles, INTERVAL_MS[s.interval], cfg) }))
  const total = parts.reduce((n, p) => n + p.raw.defined.reduce((a, b) => a + b, 0), 0)
  const t: FeatureTable = {
    names, symbol: new Array<string>(total), interval: new Array<Interval>(total),
    openTime: new Float64Array(total), columns: names.map(() => new Float64Array(total)),
  }
  let at = 0
  for (const { s, raw } of parts) {
    const start = at
    for (let r = 0; r < raw.defined.length; r++) {
      if (!raw.defined[r]) continue
      t.openTime[at] = raw.grid.start + r * raw.grid.step
      for (let j = 0; j < names.length; j++) t.columns[j]![at] = raw.columns[j]![r]!
      at++
    }
    t.symbol.fill(s.symbol, start, at)
    t.interval.fill(s.interval, start, at)
  }
  return t
}
