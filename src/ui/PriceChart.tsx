import { useMemo } from 'react'
import type { Series } from '../data/types'
import { formatUtc } from '../util/time'

const W = 760
const H = 220
const PAD = 4

/**
 * Close price of one series as a line. Down-sampled to min/max per pixel column so 60k bars draw as fast
 * as 600 and spikes are not lost.
 */
export function PriceChart({ series }: { series: Series }) {
  const { points, lo, hi } = useMemo(() => linePoints(series.candles.openTime, series.candles.close), [series])
  const t = series.candles.openTime
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${series.symbol} ${series.interval} close price`}>
        <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1" />
      </svg>
      <figcaption className="muted">
        {series.symbol} {series.interval} close, {formatUtc(t[0]!)} → {formatUtc(t[t.length - 1]!)}; low {lo}, high {hi}
      </figcaption>
    </figure>
  )
}

function linePoints(time: Float64Array, close: Float64Array): { points: string; lo: number; hi: number } {
  const n = close.length
  let lo = Infinity, hi = -Infinity
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, close[i]!)
    hi = Math.max(hi, close[i]!)
  }
  const t0 = time[0]!, t1 = time[n - 1]!
  const x = (t: number) => PAD + ((t - t0) / Math.max(1, t1 - t0)) * (W - 2 * PAD)
  const y = (v: number) => H - PAD - ((v - lo) / Math.max(1e-12, hi - lo)) * (H - 2 * PAD)
  const cols = new Map<number, { min: number; max: number; first: number; last: number }>()
  for (let i = 0; i < n; i++) {
    const c = Math.round(x(time[i]!))
    const v = close[i]!
    const e = cols.get(c)
    if (!e) cols.set(c, { min: v, max: v, first: v, last: v })
    else (e.min = Math.min(e.min, v)), (e.max = Math.max(e.max, v)), (e.last = v)
  }
  const pts: string[] = []
  for (const [c, e] of cols) {
    pts.push(`${c},${y(e.first).toFixed(1)}`)
    if (e.max !== e.min) pts.push(`${c},${y(e.min).toFixed(1)}`, `${c},${y(e.max).toFixed(1)}`)
    pts.push(`${c},${y(e.last).toFixed(1)}`)
  }
  return { points: pts.join(' '), lo, hi }
}
