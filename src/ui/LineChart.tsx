import { useState, type PointerEvent } from 'react'
import { logTicks, niceTicks } from '../util/ticks'

const LEFT = 52
const RIGHT = 10
const TOP = 10
const BOTTOM = 30
const COLORS = ['#2f6fde', '#e0702b', '#2e9d5b', '#8a4fd1', '#c23b6b', '#1c9aa8', '#8c6d1f', '#d6452f']
const REF_COLORS = ['#777', '#a0522d', '#6b8e23']

export interface ChartSeries {
  name: string
  points: { x: number; y: number }[]
}

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) < 0.01 || Math.abs(v) >= 1e4 ? v.toExponential(1) : Number(v.toPrecision(3)).toString())

/**
 * A light SVG line chart with ticked axes, a legend, and a read-out of the values under the pointer. The studio
 * first drew its training charts with tfjs-vis, whose vega redraws took 60–145 ms of the page's thread each —
 * over the 50 ms a responsive page is allowed; one path string per series costs well under a millisecond.
 */
export function LineChart({ series, label, xLabel, log = false, refs = [], width = 420, height = 220 }: {
  series: ChartSeries[]
  label: string
  xLabel: string
  /** Logarithmic y axis (values ≤ 0 are left out): losses span decades. */
  log?: boolean
  /** Horizontal reference lines, dashed and labelled (a baseline's loss). */
  refs?: { name: string; y: number }[]
  width?: number
  height?: number
}) {
  const [hover, setHover] = useState<number | undefined>()
  const W = width, H = height
  const all = series.flatMap((s) => s.points)
  const ok = (y: number) => Number.isFinite(y) && (!log || y > 0)
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity
  for (const p of all) {
    if (!ok(p.y)) continue
    x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x)
    y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y)
  }
  for (const r of refs) if (ok(r.y)) (y0 = Math.min(y0, r.y)), (y1 = Math.max(y1, r.y))
  const ty = (y: number) => (log ? Math.log10(y) : y)
  const sx = (x: number) => LEFT + ((x - x0) / Math.max(1e-12, x1 - x0)) * (W - LEFT - RIGHT)
  const sy = (y: number) => H - BOTTOM - ((ty(y) - ty(y0)) / Math.max(1e-12, ty(y1) - ty(y0))) * (H - BOTTOM - TOP)
  const any = Number.isFinite(x0)
  // a log axis over less than a decade may hold no round power: then round linear values, placed on the log scale
  const decades = any && log ? logTicks(y0, y1) : []
  const yTicks = !any ? [] : decades.length >= 3 ? decades : niceTicks(y0, y1, 4)
  const xTicks = any ? niceTicks(x0, x1, 5).filter((v) => !all.every((p) => Number.isInteger(p.x)) || Number.isInteger(v)) : []
  const move = (e: PointerEvent<SVGSVGElement>) => {
    if (!any) return
    const box = e.currentTarget.getBoundingClientRect()
    const x = x0 + (((e.clientX - box.left) / box.width) * W - LEFT) / (W - LEFT - RIGHT) * (x1 - x0)
    setHover(Math.max(x0, Math.min(x1, x)))
  }
  const nearest = (s: ChartSeries) => (hover === undefined ? undefined : s.points.reduce<ChartSeries['points'][number] | undefined>((b, p) => (ok(p.y) && (!b || Math.abs(p.x - hover) < Math.abs(b.x - hover)) ? p : b), undefined))
  const readout = hover === undefined ? [] : series.map((s, i) => ({ s, i, p: nearest(s) })).filter((r) => r.p)
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="line-chart" style={{ width: W, maxWidth: '100%' }} onPointerMove={move} onPointerLeave={() => setHover(undefined)}>
      <rect x={LEFT} y={TOP} width={W - LEFT - RIGHT} height={H - TOP - BOTTOM} fill="none" stroke="#d5dae1" />
      {yTicks.map((v) => (
        <g key={`y${v}`}>
          <line x1={LEFT} x2={W - RIGHT} y1={sy(v)} y2={sy(v)} stroke="#eceff3" />
          <text x={LEFT - 4} y={sy(v) + 3} fontSize="10" textAnchor="end">{fmt(v)}</text>
        </g>
      ))}
      {xTicks.map((v) => <text key={`x${v}`} x={sx(v)} y={H - BOTTOM + 12} fontSize="10" textAnchor="middle">{fmt(v)}</text>)}
      <text x={(LEFT + W - RIGHT) / 2} y={H - 4} fontSize="10" textAnchor="middle">{xLabel}{log ? ' · log scale' : ''}</text>
      {any && refs.filter((r) => ok(r.y)).map((r, i) => (
        <g key={r.name} aria-label={`${r.name} ${fmt(r.y)}`}>
          <line x1={LEFT} x2={W - RIGHT} y1={sy(r.y)} y2={sy(r.y)} stroke={REF_COLORS[i % REF_COLORS.length]} strokeDasharray="4 3" />
          <text x={LEFT + 50 + i * 110} y={sy(r.y) - 2} fontSize="9" fill={REF_COLORS[i % REF_COLORS.length]}>{r.name}</text>
        </g>
      ))}
      {series.map((s, i) => (
        <g key={s.name}>
          <path d={s.points.filter((p) => ok(p.y)).map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}
            fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth="1.4" />
          {s.points.length === 1 && ok(s.points[0]!.y) && <circle cx={sx(s.points[0]!.x)} cy={sy(s.points[0]!.y)} r={2.5} fill={COLORS[i % COLORS.length]} />}
          <text x={W - RIGHT - 4} y={TOP + 11 + 11 * i} fontSize="10" textAnchor="end" fill={COLORS[i % COLORS.length]}>{s.name}</text>
        </g>
      ))}
      {hover !== undefined && readout.length > 0 && (
        <g className="readout" aria-label="Values under the pointer">
          <line x1={sx(readout[0]!.p!.x)} x2={sx(readout[0]!.p!.x)} y1={TOP} y2={H - BOTTOM} stroke="#99a" strokeDasharray="2 2" />
          <rect x={LEFT + 4} y={TOP + 4} width={150} height={14 + 12 * readout.length} fill="#fff" fillOpacity="0.9" stroke="#d5dae1" />
          <text x={LEFT + 8} y={TOP + 15} fontSize="10">{xLabel} {fmt(readout[0]!.p!.x)}</text>
          {readout.map((r, k) => <text key={r.s.name} x={LEFT + 8} y={TOP + 27 + 12 * k} fontSize="10" fill={COLORS[r.i % COLORS.length]}>{r.s.name}: {fmt(r.p!.y)}</text>)}
        </g>
      )}
    </svg>
  )
}
