import { useMemo, useState } from 'react'
import type { CoinForecast } from '../eval/types'
import { formatUtc } from '../util/time'

const W = 760
const H = 240
const PAD = 6
const HOUR = 3_600_000

/**
 * The realised close against the forecast's q10–q90 band and median, drawn at the time each forecast is for
 * (forecast bar + horizon). Two sliders narrow the view to any range of samples.
 */
export function BandChart({ forecast, horizon }: { forecast: CoinForecast; horizon: number }) {
  const n = forecast.close.length
  const [range, setRange] = useState<[number, number]>([0, n - 1])
  const from = Math.min(range[0], n - 1), to = Math.max(from, Math.min(range[1], n - 1))
  const paths = useMemo(() => draw(forecast, from, to), [forecast, from, to])
  const at = (i: number) => formatUtc(forecast.openTime[i]! + horizon * HOUR)
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${forecast.symbol} forecast band and realised price`}>
        {paths.band && <path d={paths.band} fill="#2f6fde" fillOpacity="0.18" stroke="none" />}
        <path d={paths.mid} fill="none" stroke="#2f6fde" strokeWidth="1" />
        <path d={paths.actual} fill="none" stroke="#222" strokeWidth="1" />
      </svg>
      <figcaption className="muted">
        {forecast.symbol}: realised close (black), forecast median (blue){paths.band ? ' and q10–q90 band (shaded)' : ''}, {at(from)} → {at(to)}; {to - from + 1} of {n} forecasts.
      </figcaption>
      <div className="row">
        <label>From <input type="range" min={0} max={n - 1} value={from} aria-label="Band chart from" onChange={(e) => setRange([Math.min(Number(e.target.value), to), to])} /></label>
        <label>To <input type="range" min={0} max={n - 1} value={to} aria-label="Band chart to" onChange={(e) => setRange([from, Math.max(Number(e.target.value), from)])} /></label>
        <button type="button" onClick={() => setRange([0, n - 1])}>Whole split</button>
      </div>
    </figure>
  )
}

function draw(f: CoinForecast, from: number, to: number): { actual: string; mid: string; band?: string } {
  const price = (i: number, r: number) => f.close[i]! * Math.exp(r)
  let lo = Infinity, hi = -Infinity
  for (let i = from; i <= to; i++) {
    for (const v of [price(i, f.actual[i]!), price(i, f.mid[i]!), f.low ? price(i, f.low[i]!) : NaN, f.high ? price(i, f.high[i]!) : NaN]) {
      if (Number.isFinite(v)) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
    }
  }
  const x = (i: number) => (PAD + ((i - from) / Math.max(1, to - from)) * (W - 2 * PAD)).toFixed(1)
  const y = (v: number) => (H - PAD - ((v - lo) / Math.max(1e-12, hi - lo)) * (H - 2 * PAD)).toFixed(1)
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
  return { actual: line(f.actual), mid: line(f.mid), band }
}
