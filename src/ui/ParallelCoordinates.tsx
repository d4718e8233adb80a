import { useState, type PointerEvent } from 'react'
import type { ConfigDifference, HistoryEntry } from '../export/runHistory'
import { letter } from './RunsCompare'
import { insideBrushes, leafText, RUN_METRICS, type Brush } from './runsView'

const W = 680
const H = 260
const TOP = 24
const BOTTOM = 36
const SIDE = 60

interface Axis {
  label: string
  /** Each run's position in the axis's own units: the value, or a category's index. */
  positions: (number | null)[]
  lo: number
  hi: number
  /** Labels at positions: the ends of a numeric axis, every category of a text one. */
  ticks: { at: number; text: string }[]
}

function axisOf(label: string, values: readonly unknown[], format: (v: number) => string): Axis {
  if (values.every((v) => v === null || v === undefined || typeof v === 'number')) {
    const nums = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null))
    const defined = nums.filter((v): v is number => v !== null)
    const lo = Math.min(...defined), hi = Math.max(...defined)
    return defined.length ? { label, positions: nums, lo, hi, ticks: [{ at: lo, text: format(lo) }, ...(hi > lo ? [{ at: hi, text: format(hi) }] : [])] } : { label, positions: nums, lo: 0, hi: 1, ticks: [] }
  }
  const cats = [...new Set(values.map((v) => leafText(v as never)))].sort()
  return { label, positions: values.map((v) => cats.indexOf(leafText(v as never))), lo: 0, hi: Math.max(1, cats.length - 1), ticks: cats.map((c, i) => ({ at: i, text: c })) }
}

/** Settings against a chosen metric, one line a run; drag along an axis to keep only the runs inside the range. */
export function ParallelCoordinates({ runs, diffs }: { runs: HistoryEntry[]; diffs: readonly ConfigDifference[] }) {
  const [metricKey, setMetric] = useState('skillEwma')
  const [brushes, setBrushes] = useState<Record<string, Brush | undefined>>({})
  const [drag, setDrag] = useState<{ axis: string; from: number } | undefined>()
  const metric = RUN_METRICS.find((m) => m.key === metricKey)!
  const axes = [...diffs.map((d) => axisOf(d.path, d.values, (v) => String(v))), axisOf(metric.label, runs.map((r) => metric.value(r)), (v) => metric.format(v))]
  const x = (i: number) => SIDE + (i * (W - 2 * SIDE)) / Math.max(1, axes.length - 1)
  const y = (a: Axis, v: number) => H - BOTTOM - ((v - a.lo) / Math.max(1e-12, a.hi - a.lo)) * (H - TOP - BOTTOM)
  const value = (a: Axis, py: number) => a.lo + ((H - BOTTOM - py) / (H - TOP - BOTTOM)) * (a.hi - a.lo)
  const svgY = (e: PointerEvent<SVGRectElement>) => {
    const box = (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect()
    return ((e.clientY - box.top) / box.height) * H
  }
  const list = axes.map((a) => brushes[a.label])
  const inside = runs.map((_, r) => insideBrushes(axes.map((a) => a.positions[r] ?? null), list))
  return (
    <figure className="parallel" aria-label="Parallel coordinates">
      <figcaption>
        Settings against{' '}
        <select aria-label="Metric axis" value={metricKey} onChange={(e) => setMetric(e.target.value)}>
          {RUN_METRICS.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
        </select>
        {' '}— drag along an axis to keep the runs in that range; click the axis to clear it.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Parallel coordinates chart" style={{ width: '100%', maxWidth: W }}>
        {runs.map((r, ri) => {
          const pts = axes.map((a, i) => (a.positions[ri] === null ? null : `${x(i).toFixed(1)},${y(a, a.positions[ri]!).toFixed(1)}`))
          return (
            <g key={r.id} opacity={inside[ri] ? 1 : 0.15} aria-label={`run ${letter(ri)}${inside[ri] ? '' : ' (outside the brushes)'}`}>
              <polyline points={pts.filter(Boolean).join(' ')} fill="none" stroke={inside[ri] ? '#2f6fde' : '#999'} strokeWidth="1.6" />
              {pts[pts.length - 1] && <text x={x(axes.length - 1) + 6} y={Number(pts[pts.length - 1]!.split(',')[1]) + 3} fontSize="10">{letter(ri)}</text>}
            </g>
          )
        })}
        {axes.map((a, i) => {
          const b = brushes[a.label]
          return (
            <g key={a.label}>
              <line x1={x(i)} x2={x(i)} y1={TOP} y2={H - BOTTOM} stroke="#556" />
              <text x={x(i)} y={H - 8} fontSize="10" textAnchor="middle">{a.label}</text>
              {a.ticks.map((t) => <text key={t.text} x={x(i) - 4} y={y(a, t.at) + 3} fontSize="9" textAnchor="end">{t.text}</text>)}
              {b && <rect x={x(i) - 6} width={12} y={Math.min(y(a, b.lo), y(a, b.hi))} height={Math.abs(y(a, b.lo) - y(a, b.hi))} fill="#2f6fde" opacity={0.25} />}
              <rect data-axis={a.label} aria-label={`Brush ${a.label}`} x={x(i) - 10} width={20} y={TOP - 6} height={H - TOP - BOTTOM + 12} fill="transparent" style={{ cursor: 'ns-resize', touchAction: 'none' }}
                onPointerDown={(e) => {
                  e.currentTarget.setPointerCapture(e.pointerId)
                  setDrag({ axis: a.label, from: svgY(e) })
                }}
                onPointerMove={(e) => {
                  if (drag?.axis !== a.label) return
                  const to = svgY(e)
                  setBrushes((s) => ({ ...s, [a.label]: Math.abs(to - drag.from) < 3 ? undefined : { lo: value(a, drag.from), hi: value(a, to) } }))
                }}
                onPointerUp={(e) => {
                  if (drag?.axis === a.label && Math.abs(svgY(e) - drag.from) < 3) setBrushes((s) => ({ ...s, [a.label]: undefined }))
                  setDrag(undefined)
                }} />
            </g>
          )
        })}
      </svg>
      <p aria-label="Runs within the brushes" aria-live="polite">
        Within the brushes: {runs.filter((_, i) => inside[i]).map((_, i, kept) => letter(runs.indexOf(kept[i]!))).join(', ') || 'none'}
      </p>
    </figure>
  )
}
