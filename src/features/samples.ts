import type { DropReason, Split } from './types'

/** What sample selection needs to know about one stream: which rows are usable, and why not. */
export interface StreamRows {
  rows: number
  start: number
  step: number
  /** Uint8Array [rows]: bar present (real or filled). */
  present: Uint8Array
  /** Uint8Array [rows]: every feature finite at this row. */
  defined: Uint8Array
}

/** Complete samples of one coin in time order: parallel arrays, one entry per sample. */
export interface Candidates {
  /** Int32Array [samples]: 1h row of the forecast bar t. */
  end1h: Int32Array
  /** Int32Array [samples]: 15m row of the last 15m bar closing at or before bar t closes. */
  end15m: Int32Array
}

const M15 = 900_000
const H1 = 3_600_000

/**
 * Every 1h bar t whose sample is complete: the `window` 1h bars ending with t, the `window` 15m bars whose close
 * time is at or before bar t's close, all present and defined, and a target `horizon` bars ahead. The 15m bar
 * that closes exactly when bar t closes (open t + 45 min) is the last one in; a later one would see the future.
 */
export function selectSamples(
  h1: StreamRows,
  m15: StreamRows,
  targetOk: (row: number) => boolean,
  window: number,
): { samples: Candidates; dropped: Partial<Record<DropReason, number>> } {
  const absent1 = prefixCount(h1.present, 0)
  const undef1 = prefixCount(h1.defined, 0)
  const absent15 = prefixCount(m15.present, 0)
  const undef15 = prefixCount(m15.defined, 0)
  const inRange = (p: Int32Array, lo: number, hi: number) => p[hi + 1]! - p[lo]! // rows lo..hi inclusive
  const dropped: Partial<Record<DropReason, number>> = {}
  const drop = (r: DropReason) => (dropped[r] = (dropped[r] ?? 0) + 1)
  const end1h = new Int32Array(h1.rows)
  const end15m = new Int32Array(h1.rows)
  let n = 0
  for (let t = 0; t < h1.rows; t++) {
    if (!h1.present[t]) continue // no bar, no forecast: not a candidate
    if (!targetOk(t)) { drop('no target'); continue }
    const lo1 = t - window + 1
    if (lo1 < 0 || inRange(absent1, lo1, t) > 0) { drop(lo1 < 0 ? '1h window in indicator warm-up' : '1h window has missing bars'); continue }
    if (inRange(undef1, lo1, t) > 0) { drop('1h window in indicator warm-up'); continue }
    const closeT = h1.start + t * h1.step + H1
    const end15 = Math.floor((closeT - M15 - m15.start) / m15.step)
    const lo15 = end15 - window + 1
    if (lo15 < 0 || end15 >= m15.rows) { drop('15m window outside the 15m data'); continue }
    if (inRange(absent15, lo15, end15) > 0) { drop('15m window has missing bars'); continue }
    if (inRange(undef15, lo15, end15) > 0) { drop('15m window in indicator warm-up'); continue }
    end1h[n] = t
    end15m[n++] = end15
  }
  return { samples: { end1h: end1h.slice(0, n), end15m: end15m.slice(0, n) }, dropped }
}

/** prefix[i] = rows < i whose flag equals `value`. */
function prefixCount(flags: Uint8Array, value: number): Int32Array {
  const p = new Int32Array(flags.length + 1)
  for (let i = 0; i < flags.length; i++) p[i + 1] = p[i]! + (flags[i] === value ? 1 : 0)
  return p
}

/** Samples [lo, hi) of a split, as positions in the coin's Candidates. */
export interface Range {
  lo: number
  hi: number
}

/**
 * Chronological split of one coin's samples (sorted by t): the first `train` fraction, then `val`, then the rest.
 * A sample whose target bar (t + horizon) lies beyond the first forecast bar of the next split is purged, so no
 * split's targets fall inside another split's period. Samples are sorted, so purging only trims a split's end.
 */
export function splitSamples(end1h: Int32Array, train: number, val: number, horizon: number): { splits: Record<Split, Range>; purged: number } {
  const n = end1h.length
  const a = Math.floor(n * train)
  const b = a + Math.floor(n * val)
  let purged = 0
  const trim = (lo: number, hi: number, next: number): Range => {
    let end = hi
    if (next < n) while (end > lo && end1h[end - 1]! + horizon > end1h[next]!) end--
    purged += hi - end
    return { lo, hi: end }
  }
  return { splits: { train: trim(0, a, a < b ? a : b), val: trim(a, b, b), test: { lo: b, hi: n } }, purged }
}
