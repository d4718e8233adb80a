import { useMemo, useState } from 'react'
import uPlot from 'uplot'
import type { CoinForecast } from '../eval/types'
import { formatUtc } from '../util/time'
import { UPlot } from './UPlot'

const HOUR = 3_600_000
/** Forecasts of one week of 1h bars: a 1h band is a sliver on a chart of months, so the chart opens on the last week. */
const WEEK = 168

const price = (v: number | null) => (v == null ? '—' : v.toLocaleString('en', { maximumSignificantDigits: 6 }))

/**
 * The realised close against the forecast's q10–q90 band and median, drawn at the time each forecast is for
 * (forecast bar + horizon). It opens on the last week; the sliders widen or narrow the range, and dragging across
 * the chart zooms in (a double click zooms back out).
 */
export function BandChart({ forecast, horizon }: { forecast: CoinForecast; horizon: number }) {
  const n = forecast.close.length
  const lastWeek: [number, number] = [Math.max(0, n - WEEK), n - 1]
  const [range, setRange] = useState<[number, number]>(lastWeek)
  const from = Math.min(range[0], n - 1), to = Math.max(from, Math.min(range[1], n - 1))
  const data = useMemo(() => slice(forecast, from, to, horizon), [forecast, from, to, horizon])
  const banded = !!(forecast.low && forecast.high)
  const at = (i: number) => formatUtc(forecast.openTime[i]! + horizon * HOUR)
  const series: uPlot.Series[] = [
    {},
    { label: 'realised close', stroke: '#222', width: 1, points: { show: false }, value: (_, v) => price(v) },
    { label: 'median forecast', stroke: '#2f6fde', width: 1, points: { show: false }, value: (_, v) => price(v) },
    ...(banded ? [
      { label: 'q90', stroke: 'rgba(47,111,222,0.35)', width: 1, points: { show: false }, value: (_: uPlot, v: number | null) => price(v) },
      { label: 'q10', stroke: 'rgba(47,111,222,0.35)', width: 1, points: { show: false }, value: (_: uPlot, v: number | null) => price(v) },
    ] : []),
  ]
  return (
    <figure className="chart">
      <UPlot shape={`band ${banded}`} data={data} label={`${forecast.symbol} forecast band and realised price`}
        opts={{ width: 760, height: 260, series, bands: banded ? [{ series: [3, 4], fill: 'rgba(47,111,222,0.18)' }] : [],
          axes: [{ label: 'time (UTC)' }, { label: 'USDT', size: 70, values: (_, ticks) => ticks.map((t) => t.toLocaleString('en')) }],
          scales: { x: { time: true } }, tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC') }} />
      <figcaption className="muted">
        {forecast.symbol}, USDT against time (UTC): realised close (black), forecast median (blue){banded ? ' and q10–q90 band (shaded)' : ''}, {at(from)} → {at(to)}; {to - from + 1} of {n} forecasts.
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

/** Columns uPlot draws: time (s), realised close, median, and q90 / q10 as prices close · exp(return). */
function slice(f: CoinForecast, from: number, to: number, horizon: number): uPlot.AlignedData {
  const m = to - from + 1
  const cols = [new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m), new Float64Array(m)]
  for (let k = 0; k < m; k++) {
    const i = from + k
    const c = f.close[i]!
    cols[0]![k] = (f.openTime[i]! + horizon * HOUR) / 1000
    cols[1]![k] = c * Math.exp(f.actual[i]!)
    cols[2]![k] = c * Math.exp(f.mid[i]!)
    cols[3]![k] = f.high ? c * Math.exp(f.high[i]!) : NaN
    cols[4]![k] = f.low ? c * Math.exp(f.low[i]!) : NaN
  }
  return f.low && f.high ? cols : cols.slice(0, 3)
}
