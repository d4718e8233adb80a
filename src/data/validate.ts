import { formatUtc } from '../util/time'
import { INTERVAL_MS, MIN_BARS, type Candles, type Gap, type Interval, type Series, type SourceKind } from './types'

/** Columns as read from a file or the exchange, before any checks. Same length everywhere. */
export interface RawSeries {
  symbol: string
  interval: Interval
  candles: Candles
  /** 1-based row of each bar in its file, for messages; omitted when rows are not file rows. */
  rows?: Int32Array
}

export interface Validated {
  series: Series
  warnings: string[]
}

/**
 * Checks one series and puts it in canonical form (sorted, one bar per open time).
 * Throws on anything a model must not train on; fixes and warns about what is safe to fix.
 */
export function validateSeries(raw: RawSeries, source: SourceKind): Validated {
  const { symbol, interval } = raw
  const name = `${symbol} ${interval}`
  const c = raw.candles
  const n = c.openTime.length
  const where = (i: number) =>
    `${name} ${raw.rows ? `row ${raw.rows[i]}` : `bar ${i + 1}`} (${formatUtc(c.openTime[i]!)})`
  const step = INTERVAL_MS[interval]

  for (let i = 0; i < n; i++) {
    const t = c.openTime[i]!
    if (!Number.isFinite(t)) throw new Error(`data: ${name} ${raw.rows ? `row ${raw.rows[i]}` : `bar ${i + 1}`}: open_time is missing`)
    if (t % step !== 0) {
      throw new Error(`data: ${where(i)}: open_time ${t} is not on the ${interval} grid (bar open times are multiples of ${step} ms; close times or seconds are a common cause)`)
    }
    for (const k of ['open', 'high', 'low', 'close'] as const) {
      const v = c[k][i]!
      if (!(v > 0) || !Number.isFinite(v)) throw new Error(`data: ${where(i)}: ${k} is ${v}; prices must be finite and > 0`)
    }
    const v = c.volume[i]!
    if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`data: ${where(i)}: volume is ${v}; volume must be finite and ≥ 0`)
    const hi = c.high[i]!, lo = c.low[i]!
    if (hi < lo) throw new Error(`data: ${where(i)}: high ${hi} is below low ${lo}`)
    const o = c.open[i]!, cl = c.close[i]!
    if (o > hi || o < lo || cl > hi || cl < lo) {
      throw new Error(`data: ${where(i)}: open ${o} / close ${cl} lie outside low ${lo} … high ${hi}`)
    }
  }

  const warnings: string[] = []
  let candles = c
  if (!isSorted(c.openTime)) {
    candles = reorder(c, sortedOrder(c.openTime))
    warnings.push(`${name}: rows were not in time order; sorted them`)
  }
  const unique = uniqueOrder(candles.openTime)
  if (unique.length < n) {
    candles = reorder(candles, unique)
    warnings.push(`${name}: ${n - unique.length} duplicate open time(s); kept the first of each`)
  }
  const bars = candles.openTime.length
  if (bars < MIN_BARS) {
    throw new Error(`data: ${name} has ${bars} bar(s), fewer than one ${MIN_BARS}-bar window`)
  }
  const gaps = findGaps(candles.openTime, step)
  if (gaps.length > 0) {
    const missing = gaps.reduce((s, g) => s + g.missing, 0)
    warnings.push(`${name}: ${missing} missing bar(s) in ${gaps.length} gap(s)`)
  }
  return { series: { symbol, interval, source, candles, gaps }, warnings }
}

/** Runs of absent bars in a sorted, de-duplicated open-time column. */
export function findGaps(openTime: Float64Array, stepMs: number): Gap[] {
  const gaps: Gap[] = []
  for (let i = 1; i < openTime.length; i++) {
    const d = openTime[i]! - openTime[i - 1]!
    if (d > stepMs) gaps.push({ after: openTime[i - 1]!, before: openTime[i]!, missing: Math.round(d / stepMs) - 1 })
  }
  return gaps
}

function isSorted(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (t[i]! < t[i - 1]!) return false
  return true
}

function sortedOrder(t: Float64Array): Int32Array {
  // Stable, so "keep the first duplicate" means the first in the file.
  const idx = Int32Array.from({ length: t.length }, (_, i) => i)
  return idx.sort((a, b) => t[a]! - t[b]! || a - b)
}

function uniqueOrder(t: Float64Array): Int32Array {
  const keep: number[] = []
  for (let i = 0; i < t.length; i++) if (i === 0 || t[i] !== t[i - 1]) keep.push(i)
  return Int32Array.from(keep)
}

export function reorder(c: Candles, idx: ArrayLike<number>): Candles {
  const pick = (a: Float64Array) => Float64Array.from({ length: idx.length }, (_, i) => a[idx[i]!]!)
  return {
    openTime: pick(c.openTime), open: pick(c.open), high: pick(c.high),
    low: pick(c.low), close: pick(c.close), volume: pick(c.volume),
  }
}
