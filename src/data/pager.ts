import { INTERVAL_MS, type Interval } from './types'

/** Bar open times from `start` to `end`, both inclusive, epoch ms. */
export interface Range {
  start: number
  end: number
}

/** How much history to fetch: the last N hours, or whole UTC days from a start date to an end date. */
export type History = { kind: 'bars'; bars: number } | { kind: 'range'; start: number; end: number }

const H = INTERVAL_MS['1h']
const DAY = 24 * H

/**
 * The bars of `interval` to ask for. Both intervals get the same period, so the 15m stream covers exactly the
 * hours the 1h stream does; the period ends with the last whole hour that has closed at `now`.
 * `bars` counts 1h bars (the 15m stream gets four times as many); a range covers its start day to its end day.
 */
export function historyRange(history: History, interval: Interval, now: number): Range {
  const closed = Math.floor(now / H) * H
  const [from, to] = history.kind === 'bars'
    ? [closed - history.bars * H, closed]
    : [Math.floor(history.start / DAY) * DAY, Math.min(closed, Math.floor(history.end / DAY) * DAY + DAY)]
  return { start: from, end: to - INTERVAL_MS[interval] }
}

/** Parts of `want` not yet held in `have` (a cached range): older bars before it, newer bars after it. */
export function missingRanges(want: Range, have: Range | undefined, stepMs: number): Range[] {
  if (!have || have.end < want.start || have.start > want.end) return [want]
  const out: Range[] = []
  if (want.start < have.start) out.push({ start: want.start, end: have.start - stepMs })
  if (want.end > have.end) out.push({ start: have.end + stepMs, end: want.end })
  return out
}

/** Requests a range takes at `limit` bars a page; at least one, since even an empty range is asked once. */
export function estimatePages(r: Range, stepMs: number, limit: number): number {
  return Math.max(1, Math.ceil((Math.floor((r.end - r.start) / stepMs) + 1) / limit))
}

/**
 * After a page: what is left of the range, or undefined when it is covered. A page shorter than `limit`
 * means the server has nothing more in the range (listing gaps and the range's end alike).
 */
export function remaining(r: Range, lastOpenTime: number | undefined, received: number, limit: number, stepMs: number): Range | undefined {
  if (received < limit || lastOpenTime === undefined) return undefined
  const start = lastOpenTime + stepMs
  return start > r.end ? undefined : { start, end: r.end }
}
