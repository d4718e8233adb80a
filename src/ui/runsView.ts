import { headline, type ConfigDifference, type HistoryEntry, type Leaf } from '../export/runHistory'
import { formatDuration } from '../util/time'
import { num, pct, signedPct } from './format'

/** A figure runs are compared by: a column of the Runs table, a row of Compare, an axis of the parallel coordinates. */
export interface RunMetric {
  key: string
  label: string
  value(e: HistoryEntry): number | null
  format(v: number | null): string
  /** Which way is better, for the deltas; null where neither is (coverage should be near its nominal level). */
  better: 'higher' | 'lower' | null
  /** How a difference reads: fractions in percentage points, times as durations. */
  unit: 'fraction' | 'ms' | 'plain'
}

export const RUN_METRICS: readonly RunMetric[] = [
  { key: 'skillRandomWalk', label: 'Skill vs random walk', value: (e) => headline(e).skill.randomWalk, format: signedPct, better: 'higher', unit: 'fraction' },
  { key: 'skillHistorical', label: 'Skill vs trailing 500 h', value: (e) => headline(e).skill.historical, format: signedPct, better: 'higher', unit: 'fraction' },
  { key: 'skillEwma', label: 'Skill vs EWMA', value: (e) => headline(e).skill.ewma, format: signedPct, better: 'higher', unit: 'fraction' },
  { key: 'coverage', label: 'Coverage', value: (e) => headline(e).coverage, format: (v) => pct(v), better: null, unit: 'fraction' },
  { key: 'sharpe', label: 'Sharpe', value: (e) => headline(e).sharpe, format: (v) => num(v, 3), better: 'higher', unit: 'plain' },
  { key: 'bestValLoss', label: 'Best val loss', value: (e) => headline(e).bestValLoss, format: (v) => num(v), better: 'lower', unit: 'plain' },
  { key: 'time', label: 'Time', value: (e) => headline(e).trainMs, format: (v) => (v === null ? '—' : formatDuration(v)), better: 'lower', unit: 'ms' },
]

/** b − a as the Compare table shows it, marked better or worse; '' where either is missing. */
export function delta(m: RunMetric, a: number | null, b: number | null): { text: string; verdict: 'better' | 'worse' | 'same' | null } {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return { text: '', verdict: null }
  const d = b - a
  const size = { ms: () => formatDuration(Math.abs(d)), fraction: () => `${(Math.abs(d) * 100).toFixed(1)} pp`, plain: () => num(Math.abs(d), 3) }[m.unit]()
  const text = `${d >= 0 ? '+' : '−'}${size}`
  if (d === 0) return { text, verdict: 'same' }
  if (!m.better) return { text, verdict: null }
  return { text, verdict: (d > 0) === (m.better === 'higher') ? 'better' : 'worse' }
}

export function leafText(v: Leaf | undefined): string {
  return v === undefined ? '(none)' : v === null ? 'null' : String(v)
}

/**
 * Runs whose text holds every word of the query (case-blind): name, outcome, backend, coins, and each differing
 * setting as `path=value`, so `seed=7` or `dropout=0.3` finds runs by a setting.
 */
export function filterRuns(runs: readonly HistoryEntry[], query: string, diffs: readonly ConfigDifference[]): HistoryEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return [...runs]
  return runs.filter((e) => {
    const i = runs.indexOf(e)
    const text = [e.record.name, e.outcome, e.record.training?.backend ?? '', e.record.coins.map((c) => c.symbol).join(' '),
      ...diffs.map((d) => `${d.path}=${leafText(d.values[i])} ${d.path.split('.').pop()}=${leafText(d.values[i])}`)].join(' ').toLowerCase()
    return words.every((w) => text.includes(w))
  })
}

/** Sorted by a key's values; missing values last whichever the direction; ties keep their order. */
export function sortBy<T>(items: readonly T[], value: (t: T) => number | string | null | undefined, dir: 1 | -1): T[] {
  const missing = (v: unknown) => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
  return items
    .map((t, i) => ({ t, i, v: value(t) }))
    .sort((a, b) => {
      if (missing(a.v) || missing(b.v)) return missing(a.v) === missing(b.v) ? a.i - b.i : missing(a.v) ? 1 : -1
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v))
      return c === 0 ? a.i - b.i : c * dir
    })
    .map((x) => x.t)
}

/** An axis's brushed range, in the axis's own values (a categorical axis: category positions 0…n−1). */
export type Brush = { lo: number; hi: number }

/** Whether a run's positions on the axes lie inside every brush (an axis without a brush lets everything through). */
export function insideBrushes(positions: readonly (number | null)[], brushes: readonly (Brush | undefined)[]): boolean {
  return brushes.every((b, i) => {
    if (!b) return true
    const p = positions[i]
    return p !== null && p !== undefined && p >= Math.min(b.lo, b.hi) && p <= Math.max(b.lo, b.hi)
  })
}
