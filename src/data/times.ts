import { formatUtc } from '../util/time'

/** 2009-01-01T00:00Z: no crypto exchange traded before it, so an earlier open time is a unit or column mix-up. */
export const EARLIEST_MS = Date.UTC(2009, 0, 1)

/** Epoch units a file may use, and how many of each make one millisecond. */
const UNITS = [
  { name: 'seconds', perMs: 1e-3 },
  { name: 'milliseconds', perMs: 1 },
  { name: 'microseconds', perMs: 1e3 },
  { name: 'nanoseconds', perMs: 1e6 },
] as const

export interface Times {
  /** Float64Array [rows]: epoch ms UTC. Not yet range-checked per row; validateSeries does that per interval. */
  ms: Float64Array
  /** What was converted and how, for the user; empty when the file held epoch ms or timestamps. */
  notes: string[]
}

// ISO 8601 only: anything else (01/02/2024) leaves day and month order to guesswork.
const ISO_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i

/**
 * An open_time column → epoch ms. Plain numbers are epoch seconds, ms, µs or ns: the unit is the one that puts the
 * first row between 2009 and `latestMs` (the ranges are 1000× apart, so at most one does) and it applies to every
 * row. Parquet timestamps arrive as Dates (hyparquet reads the logical type's unit); strings must be ISO 8601.
 */
export function toEpochMs(col: ArrayLike<unknown>, rows: number, latestMs: number): Times {
  const out = new Float64Array(rows)
  const notes: string[] = []
  let perMs: number | undefined
  let noZone = 0
  for (let i = 0; i < rows; i++) {
    const v = col[i]
    const at = `file: row ${i + 1}: open_time`
    if (v instanceof Date) {
      const t = v.getTime()
      if (!Number.isFinite(t)) throw new Error(`${at} is a timestamp beyond the dates a browser can hold; check the file's time column`)
      out[i] = t
    } else if (typeof v === 'number' || typeof v === 'bigint') {
      const x = Number(v)
      if (!Number.isFinite(x)) throw new Error(`${at} is ${String(v)}, not a time; use epoch milliseconds or an ISO 8601 date`)
      if (perMs === undefined) {
        const unit = UNITS.find((u) => x / u.perMs >= EARLIEST_MS && x / u.perMs <= latestMs)
        if (!unit) throw new Error(`${at} ${String(v)} is not a time between ${formatUtc(EARLIEST_MS)} and now in epoch seconds, milliseconds, microseconds or nanoseconds${asMs(x)}; check the column holds bar open times`)
        perMs = unit.perMs
        if (unit.name !== 'milliseconds') notes.push(`open_time is in epoch ${unit.name}; converted to milliseconds`)
      }
      out[i] = perMs === 1 ? x : Math.round(x / perMs)
    } else if (typeof v === 'string' && v.trim() !== '') {
      const m = ISO_RE.exec(v.trim())
      if (!m) throw new Error(`${at} '${v.slice(0, 40)}' is not an ISO 8601 date (like 2024-01-31T05:00Z) or an epoch number; day/month order would be a guess, so rewrite the column`)
      if (!m[2]) throw new Error(`${at} '${v.slice(0, 40)}' is a date without a time of day; 1h and 15m bars need one (like ${m[1]}T05:00Z)`)
      if (!m[3]) noZone++
      const zone = !m[3] || /utc/i.test(m[3]) ? 'Z' : m[3]
      const t = Date.parse(`${m[1]}T${m[2]}${zone}`)
      if (!Number.isFinite(t)) throw new Error(`${at} '${v.slice(0, 40)}' is not a real date and time; check that row`)
      out[i] = t
    } else {
      throw new Error(`${at} is ${v === null || v === undefined || v === '' ? 'empty' : `'${String(v).slice(0, 40)}'`}; every bar needs an open time (epoch milliseconds or an ISO 8601 date)`)
    }
  }
  if (noZone > 0) notes.push(`open_time has no time zone in ${noZone.toLocaleString('en')} row(s); read as UTC`)
  return { ms: out, notes }
}

/** ", which as milliseconds is 1972-01-01T00:00Z" when that helps the reader see what went wrong. */
function asMs(x: number): string {
  return Math.abs(x) <= 8.64e15 ? ` (as milliseconds it is ${formatUtc(x)})` : ''
}

/** 3600000 → '1h', 900000 → '15m', 90000 → '1m 30s': a bar spacing a person reads at a glance. */
export function formatSpacing(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return `${ms} ms`
  const parts: string[] = []
  let rest = ms
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    const k = Math.floor(rest / size)
    if (k > 0) (parts.push(`${k}${unit}`), (rest -= k * size))
  }
  if (rest > 0) parts.push(`${rest}ms`)
  return parts.join(' ')
}
