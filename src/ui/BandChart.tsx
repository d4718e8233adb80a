import { useMemo, useState } from 'react'
import type { CoinForecast } from '../eval/types'
import { niceTicks } from '../util/ticks'
import { formatUtc } from '../util/time'

const W = 760
const H = 260
const PAD = 6
/** Room for the price ticks at the left and the date ticks below. */
const LEFT = 64
const BOTTOM = 22
const HOUR = 3_600_000
/** Forecasts of one week of 1h bars: a 1h band is a sliver on a chart of months, so the chart opens on the last week. */
const WEEK = 168

/**
 * The realised close against the forecast's q10–q90 band and median, drawn at the time each forecast is for
 * (forecast bar + horizon). It opens on the last week; two sliders narrow or widen the view to any range of samples.
 */
export function BandChart({ forecast, horizon }: { forecast: CoinForecast; horizon: number }) {
  const n = forecast.close.length
  const lastWeek: [number, number] = [Math.max(0, n - WEEK), n - 1]
  const [range, setRange] = useState<[number, number]>(lastWeek)
  const from = Math.min(range[0], n - 1), to = Math.max(from, Math.min(range[1], n - 1))
  const paths = useMemo(() => draw(forecast, from, to, horizon), [forecast, from, to, horizon])
  const at = (i: number) => formatUtc(forecast.openTime[i]! + horizon * HOUR)
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${forecast.symbol} forecast band and realised price`}>
        {paths.yTicks.map((t) => (
          <g key={t.y}>
            <line x1={LEFT} x2={W - PAD} y1={t.y} y2={t.y} stroke="#eceff3" />
            <text x={LEFT - 4} y={t.y + 3} fontSize="10" textAnchor="end">{t.text}</text>
          </g>
        ))}
        {paths.xTicks.map((t, i) => <text key={t.x} x={t.x} y={H - 6} fontSize="10" textAnchor={i === 0 ? 'start' : i === paths.xTicks.length - 1 ? 'end' : 'middle'}>{t.text}</text>)}
        {paths.band && <path d={paths.band} fill="#2f6fde" fillOpacity="0.18" stroke="none" />}
        <path d={paths.mid} fill="none" stroke="#2f6fde" strokeWidth="1" />
        <path d={paths.actual} fill="none" stroke="#222" strokeWidth="1" />
      </svg>
      <figcaption className="muted">
        {forecast.symbol}, USDT against time (UTC): realised close (black), forecast median (blue){paths.band ? ' and q10–q90 band (shaded)' : ''}, {at(from)} → {at(to)}; {to - from + 1} of {n} forecasts.
      </figcaption>
      <div className="row">
        <label>From <input type="range" min={0} max={n - 1} value={from} aria-label="Band chart from" onChange={(e) => setRange([Math.min(Number(e.target.value), to), to])} /></label>
        <label>To <input type="range" min={0} max={n - 1} value={to} aria-label="Band chart to" onChange={(e) => setRange([from, Math.max(Number(e.target.value), from)])} /></label>
        <button type="button" onClick={() => setRange(lastWeek)}>Last week</button>
        <button type="button" onClick={() => setRange([0, n - 1])}>Whole split</button>
      </div>
    </figure>
  )
}

interface Drawn {
  actual: string
  mid: string
  band?: string
  /** Price ticks (USDT) and date ticks (UTC) at their pixel positions. */
  yTicks: { y: number; text: string }[]
  xTicks: { x: number; text: string }[]
}

function draw(f: CoinForecast, from: number, to: number, horizon: number): Drawn {
  const price = (i: number, r: number) => f.close[i]! * Math.exp(r)
  let lo = Infinity, hi = -Infinity
  for (let i = from; i <= to; i++) {
    for (const v of [price(i, f.actual[i]!), price(i, f.mid[i]!), f.low ? price(i, f.low[i]!) : NaN, f.high ? price(i, f.high[i]!) : NaN]) {
      if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
    }
  }
  const x = (i: number) => (LEFT + ((i - from) / Math.max(1, to - from)) * (W - LEFT - PAD)).toFixed(1)
  const y = (v: number) => (H - BOTTOM - ((v - lo) / Math.max(1e-12, hi - lo)) * (H - BOTTOM - PAD)).toFixed(1)
  const line = (r: Float64Array) => {
    const out: string[] = []
    for (let i = from; i <= to; i++) out.push(`${i === from ? 'M' : 'L'}${x(i)},${y(price(i, r[i]!))}`)
    return out.join('')
  }
  let band: string | undefined
  if (f.low && f.high) {
    const up: string[] = [], down: string[] = []
    for (let i = from; i <= to; i++) up.push(`${x(i)},${y(price(i, f.high[i]!))}`)
    for (let i = to; i >= from; i--) down.push(`${x(i)},${y(price(i, f.low[i]!))}`)
    band = `M${up.join('L')}L${down.join('L')}Z`
  }
  const yTicks = niceTicks(lo, hi, 4).map((v) => ({ y: Number(y(v)), text: v.toLocaleString('en') }))
  const xTicks = [0, 1, 2, 3].map((k) => Math.round(from + (k / 3) * (to - from))).filter((i, k, a) => a.indexOf(i) === k)
    .map((i) => ({ x: Number(x(i)), text: formatUtc(f.openTime[i]! + horizon * HOUR).slice(5, 16).replace('T', ' ') }))
  return { actual: line(f.actual), mid: line(f.mid), band, yTicks, xTicks }
}
