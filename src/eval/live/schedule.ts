/**
 * When live mode refreshes and what it may do then, in the exchange's time (GET /api/v3/time), never the
 * laptop's: a bar has closed when the exchange says so.
 */
export const HOUR = 3_600_000
export const QUARTER = 900_000

/** Refreshes run this long after a 15m bar closes, so the exchange has published the bar. */
export const REFRESH_GRACE_MS = 5_000

/** A forecast made later than this after its bar closed was made late (it missed its refresh slot). */
export const LATE_AFTER_MS = QUARTER

/** Open time of the last 1h bar that has closed at `now` (a bar [t, t + 1 h) has closed once now ≥ t + 1 h). */
export function lastClosedHour(now: number): number {
  return Math.floor(now / HOUR) * HOUR - HOUR
}

/** The next refresh slot after `now`: a 15m bar close plus the grace. */
export function nextRefreshAt(now: number, grace = REFRESH_GRACE_MS): number {
  return (Math.floor((now - grace) / QUARTER) + 1) * QUARTER + grace
}

/** The slot a refresh at `now` belongs to: the latest slot at or before it. */
export function slotOf(now: number, grace = REFRESH_GRACE_MS): number {
  return Math.floor((now - grace) / QUARTER) * QUARTER + grace
}

/** Whether a forecast made at `madeAt` for bar `barOpen` is late. */
export function isLate(barOpen: number, madeAt: number): boolean {
  return madeAt > barOpen + HOUR + LATE_AFTER_MS
}

/** Open time of the bar whose close a forecast made at bar `barOpen` is for. */
export function targetBar(barOpen: number, horizon: number): number {
  return barOpen + horizon * HOUR
}

/**
 * Whether a forecast can ever be scored: its target bar must not have closed when it was made, or the session
 * already knew the answer. A forecast made from bar t's data at any time before t + h + 1 h qualifies.
 */
export function scorable(barOpen: number, madeAt: number, horizon: number): boolean {
  return madeAt < targetBar(barOpen, horizon) + HOUR
}

/** Hours from the first forecast bar to `lastBar` for which no forecast was made for a coin (slept through, skipped). */
export function missedHours(bars: readonly number[], lastBar: number): number {
  if (bars.length === 0) return 0
  const first = Math.min(...bars)
  return Math.max(0, (lastBar - first) / HOUR + 1 - new Set(bars).size)
}
