import { formatUtc } from '../util/time'
import { EARLIEST_MS, formatSpacing } from './times'
import { lowerBound } from '../util/search'
import { INTERVAL_MS, MIN_BARS, type Candles, type Gap, type Interval, type Series, type SourceKind } from './types'

/** Columns as read from a file or the exchange, before any checks. Same length everywhere. */
export interface RawSeries {
  symbol: string
  interval: Interval
  candles: Candles
  /** 1-based row of each bar in its file, for messages; omitted when rows are not file rows. */
  rows?: Int32Array
}

/** No traded pair has been quoted above this; 1e300 in a file is a unit slip or garbage. */
export const MAX_PRICE = 1e12
/** A bar whose high is more than this many times its low is a data error, not a market move. */
export const MAX_BAR_RANGE = 100

export interface Validated {
  series: Series
  warnings: string[]
}

/**
 * Checks one series and puts it in canonical form (sorted, one bar per open time, only closed bars).
 * Throws on anything a model must not train on; fixes and warns about what is safe to fix.
 * `now` (epoch ms): open times after now + one bar are refused, bars not closed by now are dropped.
 */
export function validateSeries(raw: RawSeries, source: SourceKind, now = Date.now()): Validated {
  const { symbol, interval } = raw
  const name = `${symbol} ${interval}`
  const c = raw.candles
  const n = c.openTime.length
  const where = (i: number) =>
    `${name} ${raw.rows ? `row ${raw.rows[i]}` : `bar ${i + 1}`} (${formatUtc(c.openTime[i]!)})`
  const step = INTERVAL_MS[interval]
  const latest = now + step

  for (let i = 0; i < n; i++) {
    const t = c.openTime[i]!
    const at = `${name} ${raw.rows ? `row ${raw.rows[i]}` : `bar ${i + 1}`}`
    if (!Number.isFinite(t)) throw new Error(`data: ${at}: open_time is missing`)
    if (t < EARLIEST_MS || t > latest) {
      throw new Error(
        `data: ${at}: open_time ${t} ms${formatUtc(t) === '—' ? '' : ` (${formatUtc(t)})`} is ${t < EARLIEST_MS ? `before ${formatUtc(EARLIEST_MS)}, when crypto trading began` : `after now + one bar (${formatUtc(latest)})`}; ` +
          'check the time column and its unit',
      )
    }
  }
  checkSpacing(c.openTime, interval, name)

  for (let i = 0; i < n; i++) {
    const t = c.openTime[i]!
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
    if (hi > MAX_PRICE) throw new Error(`data: ${where(i)}: high ${hi} is above ${MAX_PRICE.toExponential()}, no real price; check the column's unit or fix that row`)
    if (hi > MAX_BAR_RANGE * lo) {
      throw new Error(`data: ${where(i)}: high ${hi} is more than ${MAX_BAR_RANGE}× low ${lo} within one bar; a misplaced decimal point or a bad tick is likely, fix or remove that row`)
    }
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
  const open = lowerBound(candles.openTime, now - step + 1)
  if (open < candles.openTime.length) {
    warnings.push(`${name}: dropped ${candles.openTime.length - open} bar(s) from ${formatUtc(candles.openTime[open]!)} on: not closed at ${formatUtc(now)}`)
    candles = reorder(candles, Int32Array.from({ length: open }, (_, i) => i))
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

/**
 * Refuses a series whose bars are mostly not one interval apart: 1h bars labelled 15m would pass the grid check
 * and show up only as hundreds of "missing" bars. Gaps are fine as long as most neighbours are one bar apart.
 */
function checkSpacing(openTime: Float64Array, interval: Interval, name: string): void {
  const t = isSorted(openTime) ? openTime : Float64Array.from(openTime).sort()
  const step = INTERVAL_MS[interval]
  let diffs = 0, onStep = 0
  for (let i = 1; i < t.length; i++) {
    const d = t[i]! - t[i - 1]!
    if (d !== 0) diffs++
    if (d === step) onStep++
  }
  if (diffs === 0 || onStep * 2 > diffs) return
  const counts = new Map<number, number>()
  for (let i = 1; i < t.length; i++) {
    const d = t[i]! - t[i - 1]!
    if (d !== 0) counts.set(d, (counts.get(d) ?? 0) + 1)
  }
  let mode = 0, modeCount = 0
  for (const [d, k] of counts) if (k > modeCount || (k === modeCount && d < mode)) (mode = d), (modeCount = k)
  throw new Error(
    `data: ${name}: bars are mostly ${formatSpacing(mode)} apart (${modeCount.toLocaleString('en')} of ${diffs.toLocaleString('en')} steps), ` +
      `only ${onStep.toLocaleString('en')} are ${interval}; is the interval right? Load it as the interval it is`,
  )
}

/**
 * The 1h and 15m streams of one pair are read side by side, so they must share some time. Throws with both ranges.
 */
export function checkStreamsOverlap(series: readonly Series[]): void {
  const bySymbol = new Map<string, Series[]>()
  for (const s of series) bySymbol.set(s.symbol, [...(bySymbol.get(s.symbol) ?? []), s])
  for (const [symbol, list] of bySymbol) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const x = list[a]!.candles.openTime, y = list[b]!.candles.openTime
        if (x.length === 0 || y.length === 0) continue
        const xEnd = x[x.length - 1]! + INTERVAL_MS[list[a]!.interval], yEnd = y[y.length - 1]! + INTERVAL_MS[list[b]!.interval]
        if (x[0]! < yEnd && y[0]! < xEnd) continue
        const range = (s: Series, t: Float64Array) => `${symbol} ${s.interval} runs ${formatUtc(t[0]!)} … ${formatUtc(t[t.length - 1]!)}`
        throw new Error(`data: ${range(list[a]!, x)} but ${range(list[b]!, y)}; a pair's streams must overlap in time. Load files of the same period`)
      }
    }
  }
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
