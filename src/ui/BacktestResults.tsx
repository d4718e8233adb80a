import type { Backtest, BacktestMetrics, BacktestPaths, Path } from '../eval/backtest/types'
import { BASELINES, type BaselineName } from '../eval/types'
import { selectBacktestCoin } from '../store/backtestActions'
import { num, pct } from './format'
import { LineChart, type ChartSeries } from './LineChart'

const NAMES: Record<BaselineName, string> = { randomWalk: 'random walk', historical: 'trailing 500 h', ewma: 'EWMA volatility' }
const DAY = 86_400_000

const ratio = (v: number | null) => (v == null ? '—' : v === Infinity ? '∞' : num(v, 3))
type Row = [name: string, show: (m: BacktestMetrics) => string]
const ROWS: Row[] = [
  ['Final equity', (m) => num(m.finalEquity, 5)],
  ['Total return', (m) => pct(m.totalReturn, 2)],
  ['CAGR', (m) => pct(m.cagr, 1)],
  ['Annualised volatility', (m) => pct(m.annualVolatility, 1)],
  ['Sharpe', (m) => ratio(m.sharpe)],
  ['Sortino', (m) => ratio(m.sortino)],
  ['Calmar', (m) => ratio(m.calmar)],
  ['Max drawdown', (m) => pct(m.maxDrawdown, 2)],
  ['Max drawdown duration', (m) => `${m.maxDrawdownDuration.toLocaleString('en')} h`],
  ['Exposure', (m) => pct(m.exposure, 1)],
  ['Trades', (m) => String(m.trades)],
  ['Win rate', (m) => pct(m.winRate, 1)],
  ['Profit factor', (m) => ratio(m.profitFactor)],
  ['Expectancy (per trade)', (m) => pct(m.expectancy, 3)],
  ['Fees paid', (m) => pct(m.feesPaid, 2)],
  ['Turnover', (m) => `${num(m.turnover, 4)} ×`],
]

const against = (a: Backtest['comparisons'][number]['against']) => (a === 'buyAndHold' ? 'buy-and-hold' : `the rule on the ${NAMES[a]}`)

/** Did the model-driven rule beat buy-and-hold and the baseline-driven rule on Sharpe, beyond what a lucky month gives? */
export function BacktestVerdict({ r }: { r: Backtest }) {
  const s = r.portfolio.sharpe
  const parts = r.comparisons.map((c) => {
    const [lo, hi] = c.interval
    const word = lo > 0 ? 'beat' : hi < 0 ? 'lost to' : 'did not clearly beat'
    return `${word} ${against(c.against)} (Sharpe difference ${num(c.difference, 3)}, 95 % interval ${num(lo, 3)} to ${num(hi, 3)})`
  })
  const days = r.comparisons[0]?.days ?? 0
  return (
    <p className="summary" aria-label="Backtest verdict">
      Over {r.portfolio.periods.toLocaleString('en')} {r.split === 'test' ? 'test' : r.split === 'val' ? 'validation' : 'training'} forecasts of {Object.keys(r.perCoin).length} coin(s), the model-driven rule made {pct(r.portfolio.totalReturn, 2)} after
      fees (buy-and-hold {pct(r.buyAndHold.portfolio.totalReturn, 2)}), Sharpe {ratio(s)}. On Sharpe it {parts.join('; it ')}.
      Intervals resample the {days} days with replacement; an interval that holds 0 means the difference could be luck.
      {r.portfolio.trades === 0 && r.rule === 'gated' && ' The model-driven rule took no position: its median never passed θ inside the band limit W (1h medians are near 0; the volatility target sizes by the band instead).'}
    </p>
  )
}

export function BacktestTable({ r }: { r: Backtest }) {
  const cols: [string, BacktestMetrics][] = [['Strategy (model)', r.portfolio], ['Buy-and-hold', r.buyAndHold.portfolio], ...BASELINES.map((b): [string, BacktestMetrics] => [`Rule on ${NAMES[b]}`, r.baselines[b].portfolio])]
  return (
    <table className="series metrics" aria-label="Backtest metrics">
      <thead><tr><th>Equal-capital portfolio</th>{cols.map(([n]) => <th key={n} className="num">{n}</th>)}</tr></thead>
      <tbody>{ROWS.map(([name, show]) => <tr key={name}><td>{name}</td>{cols.map(([n, m]) => <td key={n} className="num">{show(m)}</td>)}</tr>)}</tbody>
      <tfoot><tr><td colSpan={cols.length + 1} className="muted">
        Sharpe and Sortino: {r.horizon === 1 ? 'hourly returns × √8760' : `returns of each ${r.horizon} h period × √(8760 / ${r.horizon})`}, risk-free rate 0. Volatility annualised the same way.
        Fees paid and turnover in multiples of starting equity; profit factor = gross profit / gross loss of closed trades.
      </td></tr></tfoot>
    </table>
  )
}

const equity = (p: Path, t0: number): ChartSeries['points'] => Array.from(p.equity, (e, k) => ({ x: (p.time[k]! - t0) / DAY, y: e }))
function drawdown(p: Path, t0: number): ChartSeries['points'] {
  let peak = -Infinity
  return Array.from(p.equity, (e, k) => ((peak = Math.max(peak, e)), { x: (p.time[k]! - t0) / DAY, y: (e / peak - 1) * 100 }))
}

export function BacktestCharts({ paths, selected }: { paths: BacktestPaths; selected?: string }) {
  const t0 = paths.strategy.portfolio.time[0]!
  const pos = selected ? paths.strategy.positions[selected] : undefined
  return (
    <>
      <figure aria-label="Equity curves">
        <figcaption>Equity of the equal-capital portfolio (log scale): the model-driven rule, buy-and-hold, the rule on each baseline</figcaption>
        <LineChart label="Equity chart" xLabel="day" log series={[
          { name: 'strategy', points: equity(paths.strategy.portfolio, t0) },
          { name: 'buy-and-hold', points: equity(paths.buyAndHold, t0) },
          ...BASELINES.map((b) => ({ name: `rule on ${NAMES[b]}`, points: equity(paths.baselines[b], t0) })),
        ]} />
      </figure>
      <figure aria-label="Drawdown">
        <figcaption>Drawdown from the running peak, % of equity</figcaption>
        <LineChart label="Drawdown chart" xLabel="day" series={[
          { name: 'strategy', points: drawdown(paths.strategy.portfolio, t0) },
          { name: 'buy-and-hold', points: drawdown(paths.buyAndHold, t0) },
        ]} />
      </figure>
      {pos && selected && (
        <figure aria-label="Position">
          <figcaption>{selected}: position held through each period (multiples of equity; 0 flat, 1 all in, −1 short)</figcaption>
          <LineChart label={`${selected} position chart`} xLabel="day" series={[{ name: 'position', points: Array.from(pos.position, (p, k) => ({ x: (pos.time[k]! - t0) / DAY, y: p })) }]} />
        </figure>
      )}
    </>
  )
}

export function PerCoinBacktest({ r }: { r: Backtest }) {
  return (
    <table className="series" aria-label="Backtest per coin">
      <thead><tr>
        <th>Coin</th><th className="num">Periods</th><th className="num">Total return</th><th className="num">Buy-and-hold</th><th className="num">Sharpe</th>
        <th className="num">Buy-and-hold Sharpe</th><th className="num">Max drawdown</th><th className="num">Trades</th><th className="num">Win rate</th><th className="num">Fees paid</th>
      </tr></thead>
      <tbody>
        {Object.entries(r.perCoin).map(([symbol, m]) => {
          const h = r.buyAndHold.perCoin[symbol]!
          return (
            <tr key={symbol} onClick={() => selectBacktestCoin(symbol)}>
              <td>{symbol}</td><td className="num">{m.periods}</td><td className="num">{pct(m.totalReturn, 2)}</td><td className="num">{pct(h.totalReturn, 2)}</td>
              <td className="num">{ratio(m.sharpe)}</td><td className="num">{ratio(h.sharpe)}</td><td className="num">{pct(m.maxDrawdown, 2)}</td>
              <td className="num">{m.trades}</td><td className="num">{pct(m.winRate, 1)}</td><td className="num">{pct(m.feesPaid, 3)}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
