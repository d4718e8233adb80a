import type { Range } from './samples'
import type { CalendarCut, Split } from './types'

const H1 = 3_600_000

/** When one coin can have samples: the hours its 1h and 15m series both cover. */
export interface CoinSpan {
  /** Epoch ms, inclusive. */
  first: number
  last: number
}

/** The hours a coin can forecast at: where its two streams overlap. Open times ascending. */
export function spanOf(h1Open: Float64Array, m15Open: Float64Array): CoinSpan {
  if (h1Open.length === 0 || m15Open.length === 0) return { first: 0, last: -1 }
  return { first: Math.max(h1Open[0]!, m15Open[0]!), last: Math.min(h1Open[h1Open.length - 1]!, m15Open[m15Open.length - 1]!) }
}

/**
 * One set of dates for all coins: validation starts when `train` of all coins' hours (pooled) have passed, test
 * when `train + val` have. Cutting by pooled hours rather than the calendar span keeps a coin that started late
 * in training: on the bundle a cut at 70 % of the span (March 2024) would leave 12 of 22 coins without a single
 * training sample; the pooled cut (July 2024) trains every coin that has data before it. Dates fall on the hour.
 */
export function calendarCut(spans: readonly CoinSpan[], split: { train: number; val: number }): CalendarCut {
  const ok = spans.filter((s) => s.last >= s.first)
  if (ok.length === 0) throw new Error('features: no coin has overlapping 1h and 15m bars to cut into splits')
  const total = ok.reduce((n, s) => n + (s.last - s.first), 0)
  const at = (f: number) => {
    let lo = Math.min(...ok.map((s) => s.first)), hi = Math.max(...ok.map((s) => s.last))
    if (total === 0) return lo
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2
      const before = ok.reduce((n, s) => n + Math.max(0, Math.min(s.last, mid) - s.first), 0)
      if (before < f * total) lo = mid
      else hi = mid
    }
    return Math.floor(hi / H1) * H1
  }
  return { val: at(split.train), test: Math.max(at(split.train), at(split.train + split.val)) }
}

/**
 * Splits one coin's samples (forecast bars in time order, as open times) at the dates. A sample whose target
 * bar t + horizon lies past the first bar of the next split is purged, so no split's targets fall in another's period.
 */
export function splitByDate(openTimes: Float64Array, cut: CalendarCut, horizon: number): { splits: Record<Split, Range>; purged: number } {
  const n = openTimes.length
  const first = (date: number) => {
    let i = 0
    while (i < n && openTimes[i]! < date) i++
    return i
  }
  const a = first(cut.val), b = Math.max(a, first(cut.test))
  let purged = 0
  const trim = (lo: number, hi: number, nextDate: number): Range => {
    let end = hi
    while (end > lo && openTimes[end - 1]! + horizon * H1 > nextDate) end--
    purged += hi - end
    return { lo, hi: end }
  }
  return { splits: { train: trim(0, a, cut.val), val: trim(a, b, cut.test), test: { lo: b, hi: n } }, purged }
}
