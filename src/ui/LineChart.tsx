const W = 420
const H = 200
const PAD = 30
const COLORS = ['#2f6fde', '#e0702b', '#2e9d5b', '#8a4fd1', '#c23b6b']
const REF_COLORS = ['#777', '#a0522d', '#6b8e23']

export interface ChartSeries {
  name: string
  points: { x: number; y: number }[]
}

/**
 * A light SVG line chart. The studio first drew its training charts with tfjs-vis, whose vega redraws took
 * 60–145 ms of the page's thread each — over the 100 ms a frozen-looking page is allowed; one path string per
 * series costs well under a millisecond.
 */
export function LineChart({ series, label, xLabel, log = false, refs = [] }: {
  series: ChartSeries[]
  label: string
  xLabel: string
  /** Logarithmic y axis (values ≤ 0 are left out): losses span decades. */
  log?: boolean
  /** Horizontal reference lines, dashed and labelled (a baseline's loss). */
  refs?: { name: string; y: number }[]
}) {
  const all = series.flatMap((s) => s.points)
  const ty = (y: number) => (log ? (y > 0 ? Math.log10(y) : NaN) : y)
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity
  for (const p of all) {
    if (!Number.isFinite(ty(p.y))) continue
    x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x)
    y0 = Math.min(y0, ty(p.y)); y1 = Math.max(y1, ty(p.y))
  }
  for (const r of refs) if (Number.isFinite(ty(r.y))) (y0 = Math.min(y0, ty(r.y))), (y1 = Math.max(y1, ty(r.y)))
  const sx = (x: number) => PAD + ((x - x0) / Math.max(1e-12, x1 - x0)) * (W - PAD - 8)
  const sy = (y: number) => H - PAD - ((ty(y) - y0) / Math.max(1e-12, y1 - y0)) * (H - PAD - 16)
  const un = (v: number) => (log ? 10 ** v : v)
  const fmtX = (v: number) => (Number.isInteger(v) ? String(v) : fmt(v))
  const fmt = (v: number) => (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3))
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} className="line-chart">
      <line x1={PAD} y1={H - PAD} x2={W - 8} y2={H - PAD} stroke="#aab" />
      <line x1={PAD} y1={16} x2={PAD} y2={H - PAD} stroke="#aab" />
      {all.length > 0 && (
        <>
          <text x={PAD + 3} y={24} fontSize="10">{fmt(un(y1))}</text>
          <text x={PAD + 3} y={H - PAD - 4} fontSize="10">{fmt(un(y0))}{log ? ' (log scale)' : ''}</text>
          <text x={W - 8} y={H - 10} fontSize="10" textAnchor="end">{xLabel} {fmtX(x1)}</text>
          <text x={PAD} y={H - 10} fontSize="10">{xLabel} {fmtX(x0)}</text>
        </>
      )}
      {all.length > 0 && refs.filter((r) => Number.isFinite(ty(r.y))).map((r, i) => (
        <g key={r.name} aria-label={`${r.name} ${fmt(r.y)}`}>
          <line x1={PAD} x2={W - 8} y1={sy(r.y)} y2={sy(r.y)} stroke={REF_COLORS[i % REF_COLORS.length]} strokeDasharray="4 3" />
          <text x={PAD + 50 + i * 110} y={sy(r.y) - 2} fontSize="9" fill={REF_COLORS[i % REF_COLORS.length]}>{r.name}</text>
        </g>
      ))}
      {series.map((s, i) => (
        <g key={s.name}>
          <path d={s.points.filter((p) => Number.isFinite(ty(p.y))).map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('')}
            fill="none" stroke={COLORS[i % COLORS.length]} strokeWidth="1.4" />
          {s.points.length === 1 && <circle cx={sx(s.points[0]!.x)} cy={sy(s.points[0]!.y)} r={2.5} fill={COLORS[i % COLORS.length]} />}
          <text x={W - 8} y={12 + 11 * i} fontSize="10" textAnchor="end" fill={COLORS[i % COLORS.length]}>{s.name}</text>
        </g>
      ))}
    </svg>
  )
}
