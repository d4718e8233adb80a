import type { Candles } from '../data/types'

/** A series laid on its full bar grid: one row per bar from the first to the last, NaN rows where bars are absent. */
export interface Grid {
  candles: Candles
  /** Uint8Array [rows]: 1 where a bar is real or was forward-filled, 0 where it is missing. */
  present: Uint8Array
  start: number
  step: number
  /** Isolated missing bars filled from the bar before. */
  filled: number
}

/**
 * Reindexes onto the grid. An isolated missing bar (one absent between two present) is forward-filled: the
 * previous bar's values, as pandas `ffill(limit=1)`. Longer gaps stay missing; no sample may span them.
 */
export function toGrid(c: Candles, step: number): Grid {
  const n = c.openTime.length
  const start = n > 0 ? c.openTime[0]! : 0
  const rows = n > 0 ? Math.round((c.openTime[n - 1]! - start) / step) + 1 : 0
  // No gaps (most series): the candles already are the grid; share them rather than copy.
  if (rows === n) return { candles: c, present: new Uint8Array(n).fill(1), start, step, filled: 0 }
  const g: Candles = {
    openTime: Float64Array.from({ length: rows }, (_, r) => start + r * step),
    open: new Float64Array(rows).fill(NaN), high: new Float64Array(rows).fill(NaN), low: new Float64Array(rows).fill(NaN),
    close: new Float64Array(rows).fill(NaN), volume: new Float64Array(rows).fill(NaN),
  }
  const present = new Uint8Array(rows)
  for (let i = 0; i < n; i++) {
    const r = Math.round((c.openTime[i]! - start) / step)
    g.open[r] = c.open[i]!
    g.high[r] = c.high[i]!
    g.low[r] = c.low[i]!
    g.close[r] = c.close[i]!
    g.volume[r] = c.volume[i]!
    present[r] = 1
  }
  let filled = 0
  for (let r = 1; r < rows - 1; r++) {
    if (present[r] || !present[r - 1] || !present[r + 1]) continue
    for (const k of ['open', 'high', 'low', 'close', 'volume'] as const) g[k][r] = g[k][r - 1]!
    present[r] = 1
    filled++
  }
  return { candles: g, present, start, step, filled }
}
