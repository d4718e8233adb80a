import { INTERVAL_MS, type Candles } from '../data/types'
import { ewmaVolatility } from './ewma'
import { normalizeColumns } from './normalize'
import { rawStream } from './pipeline'
import type { FeatureStats, FeaturesConfig } from './types'

const H1 = INTERVAL_MS['1h']
const M15 = INTERVAL_MS['15m']

/** One coin's model input for a live forecast made at the close of 1h bar `barOpen`. */
export interface LiveWindows {
  /** Float32Array [window × features]: the 1h window ending with bar `barOpen`, z-scored with the run's statistics. */
  h1: Float32Array
  /** Float32Array [window × features]: the 15m window whose last bar closes when bar `barOpen` closes. */
  m15: Float32Array
  /** What the model's outputs are multiplied by to be log returns: σ_t·√h, or 1 with no target scaling. */
  scale: number
  /** Close of bar `barOpen`. */
  close: number
  /** Float64Array [rows]: 1h closes on the grid up to and including bar `barOpen` (NaN where absent), for the baselines. */
  h1Close: Float64Array
}

export type LiveWindowsResult = { ok: true; windows: LiveWindows } | { ok: false; reason: string }

/**
 * Builds one forecast's input from freshly fetched candles with the run's own snapshot — its feature set and
 * periods (`cfg`) and the z-score statistics fitted on its training rows (`stats`), never refitted on live data.
 * Bars after `barOpen` (1h) and 15m bars closing after its close are cut off first, so nothing later can reach
 * the forecast. A window with a missing bar is refused rather than filled: a live forecast is skipped, not made up.
 */
export function liveWindows(h1: Candles, m15: Candles, barOpen: number, cfg: FeaturesConfig, stats: { h1: FeatureStats; m15: FeatureStats }): LiveWindowsResult {
  const w = cfg.window
  const a = upTo(h1, barOpen)
  const b = upTo(m15, barOpen + H1 - M15)
  const last1 = a.openTime[a.openTime.length - 1]
  if (last1 !== barOpen) return { ok: false, reason: `no closed 1h bar at ${iso(barOpen)} (the exchange's last is ${last1 === undefined ? 'none' : iso(last1)}; delisted or halted?)` }
  const missing1 = w - countFrom(a, barOpen - (w - 1) * H1)
  const missing15 = w - countFrom(b, barOpen + H1 - M15 - (w - 1) * M15)
  if (missing1 > 0 || missing15 > 0) {
    return { ok: false, reason: `gap: ${missing1 > 0 ? `${missing1} of the ${w} 1h bars` : `${missing15} of the ${w} 15m bars`} before ${iso(barOpen + H1)} are missing` }
  }
  const s1 = rawStream(a, H1, cfg)
  const s15 = rawStream(b, M15, cfg)
  const t = s1.grid.present.length - 1
  const t15 = s15.grid.present.length - 1
  const n1 = normalizeColumns(s1.columns, stats.h1, cfg.clip)
  const n15 = normalizeColumns(s15.columns, stats.m15, cfg.clip)
  const f1 = s1.columns.length, f15 = s15.columns.length
  if (f1 !== stats.h1.mean.length || f15 !== stats.m15.mean.length) {
    throw new Error(`live: the features give ${f1} and ${f15} columns but the run's statistics hold ${stats.h1.mean.length} and ${stats.m15.mean.length}; the run record does not match its feature set`)
  }
  const win1 = n1.slice((t - w + 1) * f1, (t + 1) * f1)
  const win15 = n15.slice((t15 - w + 1) * f15, (t15 + 1) * f15)
  if (win1.some((v) => !Number.isFinite(v)) || win15.some((v) => !Number.isFinite(v))) {
    return { ok: false, reason: `not enough history before ${iso(barOpen + H1)} for the indicators' warm-up and the ${w}-bar windows` }
  }
  const close = s1.grid.candles.close
  let scale = 1
  if (cfg.target.kind === 'ewma') {
    const sigma = ewmaVolatility(close, cfg.target.lambda)[t]!
    if (!Number.isFinite(sigma)) return { ok: false, reason: `not enough 1h history for the EWMA volatility at ${iso(barOpen)}` }
    scale = Math.max(sigma * Math.sqrt(cfg.horizon), 1e-6)
  }
  return { ok: true, windows: { h1: win1, m15: win15, scale, close: close[t]!, h1Close: close.slice() } }
}

/** The candles whose open time is at or before `last`. */
function upTo(c: Candles, last: number): Candles {
  let n = c.openTime.length
  while (n > 0 && c.openTime[n - 1]! > last) n--
  const cut = (x: Float64Array) => x.subarray(0, n)
  return { openTime: cut(c.openTime), open: cut(c.open), high: cut(c.high), low: cut(c.low), close: cut(c.close), volume: cut(c.volume) }
}

/** Bars at or after `from` (the candles end where the window ends). */
function countFrom(c: Candles, from: number): number {
  let k = 0
  for (let i = c.openTime.length - 1; i >= 0 && c.openTime[i]! >= from; i--) k++
  return k
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
}
