import type { Interval } from './types'

/** `public/data/manifest.json`: what the bundled dataset holds, written by `npm run bundle-data`. */
export interface BundleManifest {
  version: 1
  /** Where the candles come from, one line. */
  source: string
  pairs: BundlePair[]
}

export interface BundlePair {
  symbol: string
  /** File name under `data/`, long-format Parquet holding both intervals of this pair. */
  file: string
  bytes: number
  /** Bars per interval and the shared period: [first open time, last open time] in epoch ms. */
  series: { interval: Interval; bars: number; first: number; last: number }[]
}

/**
 * The window both intervals of a pair cover: from the later first bar (rounded up to a whole hour) to the
 * earlier end, where an end is the last bar's close. At most `maxHours` hours, keeping the most recent.
 * Returns [start, end) in epoch ms.
 */
export function commonWindow(
  firstOpen: Record<Interval, number>,
  lastOpen: Record<Interval, number>,
  maxHours: number,
): [number, number] {
  const H = 3_600_000
  const start = Math.ceil(Math.max(firstOpen['1h'], firstOpen['15m']) / H) * H
  const end = Math.floor(Math.min(lastOpen['1h'] + H, lastOpen['15m'] + 900_000) / H) * H
  return [Math.max(start, end - maxHours * H), end]
}
