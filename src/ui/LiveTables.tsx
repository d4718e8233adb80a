import { missedHours } from '../eval/live/schedule'
import type { CoinForecast } from '../eval/types'
import { selectLiveCoin } from '../store/liveActions'
import { useLive } from '../store/liveStore'
import { formatUtc } from '../util/time'
import { BandChart } from './BandChart'
import { num, pct, signedPct } from './format'

const price = (close: number, q: number) => num(close * Math.exp(q), 6)
const band = (close: number, q: readonly number[]) => `${price(close, q[0]!)} – ${price(close, q[2]!)}`

/** The newest forecast of every coin: prices, band, the rule's position and the baselines' bands beside it. */
export function LiveForecasts() {
  const s = useLive((x) => x.session)!
  const last15m = useLive((x) => x.last15m)
  const bar = Math.max(...s.forecasts.map((f) => f.barOpenTime))
  const rows = s.forecasts.filter((f) => f.barOpenTime === bar)
  if (!rows.length) return <p className="muted">No forecast yet.</p>
  return (
    <table className="series" aria-label="Live forecasts">
      <thead><tr><th>Coin</th><th>Last closed bar (UTC)</th><th className="num">Close</th><th className="num">q10</th><th className="num">q50</th><th className="num">q90</th><th className="num">Band</th><th className="num">Position</th><th className="num">Price now</th><th>Random walk</th><th>Trailing 500 h</th><th>EWMA</th></tr></thead>
      <tbody>
        {rows.map((f) => {
          const now = last15m[f.symbol]
          return (
            <tr key={f.symbol}>
              <td>{f.symbol}{f.late ? ' (late)' : ''}</td>
              <td>{formatUtc(f.barOpenTime)}</td>
              <td className="num">{num(f.close, 6)}</td>
              <td className="num">{price(f.close, f.q10)}</td>
              <td className="num">{price(f.close, f.q50)}</td>
              <td className="num">{price(f.close, f.q90)}</td>
              <td className="num">{pct(Math.exp(f.q90) - Math.exp(f.q10), 2)}</td>
              <td className="num">{num(f.position, 3)}</td>
              <td className="num">{now ? `${num(now.close, 6)} at ${formatUtc(now.openTime + 900_000).slice(11)}` : '—'}</td>
              <td>{band(f.close, f.baselines.randomWalk)}</td>
              <td>{band(f.close, f.baselines.historical)}</td>
              <td>{band(f.close, f.baselines.ewma)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Running scores since the session started, the model beside each baseline on the same forecasts. */
export function LiveScoresTable() {
  const s = useLive((x) => x.session)!
  const sc = useLive((x) => x.scores)
  const selected = useLive((x) => x.selected) ?? s.symbols[0]!
  if (!sc) return null
  const lastBar = s.log.length ? Math.floor(s.log[s.log.length - 1]!.at / 3_600_000) * 3_600_000 - 3_600_000 : 0
  const missed = s.symbols.reduce((n, sym) => n + missedHours(s.forecasts.filter((f) => f.symbol === sym).map((f) => f.barOpenTime), lastBar), 0)
  const skipped = Object.entries(s.skipped)
  const rows = [['model', sc.model, null], ['random walk', sc.baselines.randomWalk, sc.skill.randomWalk], ['trailing 500 h', sc.baselines.historical, sc.skill.historical], ['EWMA', sc.baselines.ewma, sc.skill.ewma]] as const
  const mine = s.forecasts.filter((f) => f.symbol === selected && f.realised).sort((a, b) => a.barOpenTime - b.barOpenTime)
  const chart: CoinForecast = {
    symbol: selected, openTime: Float64Array.from(mine, (f) => f.barOpenTime), close: Float64Array.from(mine, (f) => f.close),
    actual: Float64Array.from(mine, (f) => f.realised!.actual), low: Float64Array.from(mine, (f) => f.q10), mid: Float64Array.from(mine, (f) => f.q50), high: Float64Array.from(mine, (f) => f.q90),
  }
  return (
    <>
      <p aria-label="Live scoring">
        {sc.scored} scored ({sc.late} made late), {sc.pending} waiting for their hour to close, {sc.unscorable} never scorable, {missed} coin-hours missed.
        {skipped.length > 0 && <> Skipped: {skipped.map(([why, n]) => `${why} (${n}×)`).join('; ')}.</>}
      </p>
      {sc.scored > 0 && (
        <table className="series metrics" aria-label="Live scores">
          <thead><tr><th /><th className="num">Coverage (q10–q90)</th><th className="num">Pinball</th><th className="num">Width</th><th className="num">Skill</th></tr></thead>
          <tbody>
            {rows.map(([name, m, k]) => (
              <tr key={name}><td>{name}</td><td className="num">{pct(m.coverage)}</td><td className="num">{num(m.pinball?.mean)}</td><td className="num">{pct(m.width, 2)}</td><td className="num">{k ? `model ${signedPct(k.mean)}` : ''}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <label>Chart coin <select value={selected} onChange={(e) => selectLiveCoin(e.target.value)}>{s.symbols.map((x) => <option key={x}>{x}</option>)}</select></label>
      </div>
      {mine.length > 0 && <BandChart key={`${selected}-${mine.length}`} forecast={chart} horizon={s.record.config.features.horizon} />}
    </>
  )
}

/** The paper account: equity against buy-and-hold, the positions held now, and the trade log. */
export function LiveAccount() {
  const a = useLive((x) => x.account)
  const s = useLive((x) => x.session)!
  if (!a) return null
  // thousandths of a percent: an hour's move is a few tenths of one
  const change = (e: Float64Array) => { const v = e[e.length - 1]! - 1; return `${v > 0 ? '+' : ''}${(v * 100).toFixed(3)} %` }
  return (
    <>
      <p aria-label="Paper account">
        Paper account ({s.rule.rule === 'gated' ? 'gated direction' : 'volatility target'}, fee {pct(s.rule.fee, 2)}): equity {change(a.portfolio.equity)} against
        buy-and-hold {change(a.buyAndHold.equity)}; {a.metrics.trades} closed trades, fees {pct(a.metrics.feesPaid, 3)}.
        Positions now: {s.symbols.map((x) => `${x} ${num(a.perCoin[x]?.position ?? 0, 3)}`).join(', ')}.
      </p>
      {a.fills.length > 0 && (
        <table className="series" aria-label="Paper trades">
          <thead><tr><th>Coin</th><th>At the close of (UTC)</th><th>Side</th><th className="num">Position</th><th className="num">Price</th><th className="num">Fee</th></tr></thead>
          <tbody>
            {a.fills.slice(-20).map((f, i) => (
              <tr key={i}><td>{f.symbol}</td><td>{formatUtc(f.openTime)}</td><td>{f.side}</td><td className="num">{num(f.positionBefore, 3)} → {num(f.positionAfter, 3)}</td><td className="num">{num(f.price, 6)}</td><td className="num">{pct(f.fee, 3)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}

/** What the last refreshes did, newest first. */
export function LiveLog() {
  const log = useLive((x) => x.session?.log ?? [])
  return (
    <table className="series" aria-label="Live refreshes">
      <thead><tr><th>Refresh (exchange time)</th><th className="num">Late by</th><th className="num">Made</th><th className="num">Scored</th><th className="num">Took</th><th>Skipped</th></tr></thead>
      <tbody>
        {log.slice(-8).reverse().map((r, i) => (
          <tr key={i}><td>{new Date(r.at).toISOString().slice(0, 19).replace('T', ' ')}</td><td className="num">{r.lateBy > 60_000 ? `${Math.round(r.lateBy / 60_000)} min` : '—'}</td><td className="num">{r.made}</td><td className="num">{r.scored}</td><td className="num">{r.ms} ms</td><td>{r.skipped.join('; ')}</td></tr>
        ))}
      </tbody>
    </table>
  )
}
