import { skill } from '../eval/metrics'
import type { Evaluation, Metrics } from '../eval/types'
import { runEvaluateCell, selectEvaluationCoin, setEvaluationSplit } from '../store/evalActions'
import { useStudio } from '../store/store'
import { BandChart } from './BandChart'
import { Cell } from './Cell'
import { num, pct, signedPct } from './format'
import { LineChart } from './LineChart'

type Row = { name: string; value: (m: Metrics) => string; loss?: (m: Metrics) => number | null | undefined; pp?: (m: Metrics) => number }

const ROWS: Row[] = [
  { name: 'MAE (price)', value: (m) => num(m.mae), loss: (m) => m.mae },
  { name: 'RMSE (price)', value: (m) => num(m.rmse), loss: (m) => m.rmse },
  { name: 'MAPE', value: (m) => pct(m.mape, 3), loss: (m) => m.mape },
  { name: 'Direction accuracy', value: (m) => `${pct(m.directionAccuracy)} [${pct(m.directionInterval[0])}–${pct(m.directionInterval[1])}]`, pp: (m) => m.directionAccuracy },
  { name: 'Pinball q10', value: (m) => num(m.pinball?.q10), loss: (m) => m.pinball?.q10 },
  { name: 'Pinball q50', value: (m) => num(m.pinball?.q50), loss: (m) => m.pinball?.q50 },
  { name: 'Pinball q90', value: (m) => num(m.pinball?.q90), loss: (m) => m.pinball?.q90 },
  { name: 'Pinball mean', value: (m) => num(m.pinball?.mean), loss: (m) => m.pinball?.mean },
  { name: 'Coverage q10–q90', value: (m) => pct(m.coverage) },
  { name: 'Hit rates q10 / q50 / q90', value: (m) => (m.hits ? `${pct(m.hits.q10)} / ${pct(m.hits.q50)} / ${pct(m.hits.q90)}` : '—') },
  { name: 'Interval width (of price)', value: (m) => pct(m.width, 2) },
  { name: 'Winkler score (of price)', value: (m) => num(m.winkler), loss: (m) => m.winkler },
]

/** Metrics of the model next to two naive baselines, a band chart, calibration and per-coin scores. */
export function EvaluateCell() {
  const ev = useStudio((s) => s.evaluate)
  const running = useStudio((s) => s.cells.evaluate.status === 'running')
  const e = ev.evaluation
  const forecast = ev.forecasts?.find((f) => f.symbol === ev.selected)
  return (
    <Cell id="evaluate" onRun={() => void runEvaluateCell()} runLabel="Evaluate">
      <div className="row">
        <label>
          Split
          <select value={ev.split} disabled={running} onChange={(x) => setEvaluationSplit(x.target.value as 'test' | 'val')}>
            <option value="test">test (last 15 %)</option>
            <option value="val">validation</option>
          </select>
        </label>
      </div>
      {e && <Verdict e={e} />}
      {e && <MetricsTable e={e} />}
      {e && ev.forecasts && (
        <div className="row">
          <label>
            Coin
            <select value={ev.selected} onChange={(x) => selectEvaluationCoin(x.target.value)}>
              {ev.forecasts.map((f) => <option key={f.symbol} value={f.symbol}>{f.symbol}</option>)}
            </select>
          </label>
        </div>
      )}
      {e && forecast && <BandChart key={`${forecast.symbol}-${e.split}`} forecast={forecast} horizon={e.horizon} />}
      {e && e.model.hits && <Calibration e={e} />}
      {e && <PerCoin e={e} />}
    </Cell>
  )
}

function Verdict({ e }: { e: Evaluation }) {
  const m = e.model, rw = e.baselines.randomWalk
  const [lo, hi] = m.directionInterval
  const coinFlip = lo <= 0.5 && 0.5 <= hi
  const main = m.pinball ? { name: 'mean pinball loss', s: skill(m.pinball.mean, rw.pinball?.mean) } : { name: 'MAE', s: skill(m.mae, rw.mae) }
  return (
    <p className="summary" aria-label="Evaluation verdict">
      {e.samples.toLocaleString('en')} {e.split === 'test' ? 'test' : 'validation'} forecasts, {e.horizon} h ahead. Against the random walk the
      model's {main.name} is {main.s == null ? 'not comparable' : `${main.s >= 0 ? 'better' : 'worse'} by ${pct(Math.abs(main.s))}`}.
      Direction accuracy {pct(m.directionAccuracy)} over {m.directionSamples.toLocaleString('en')} moves, 95 % interval {pct(lo)}–{pct(hi)}
      {coinFlip ? ': not distinguishable from a coin flip.' : lo > 0.5 ? ': better than a coin flip.' : ': worse than a coin flip.'}
    </p>
  )
}

function MetricsTable({ e }: { e: Evaluation }) {
  const { model: m, baselines: b } = e
  const vs = (r: Row, base: Metrics) => (r.loss ? signedPct(skill(r.loss(m), r.loss(base))) : r.pp && Number.isFinite(r.pp(m)) ? `${r.pp(m) >= r.pp(base) ? '+' : ''}${((r.pp(m) - r.pp(base)) * 100).toFixed(1)} pp` : '')
  return (
    <table className="series metrics" aria-label="Metrics against baselines">
      <thead>
        <tr><th>Metric</th><th className="num">Model</th><th className="num">Random walk</th><th className="num">Skill vs random walk</th><th className="num">Historical (500 h)</th><th className="num">Skill vs historical</th></tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.name}>
            <td>{r.name}</td><td className="num">{r.value(m)}</td><td className="num">{r.value(b.randomWalk)}</td><td className="num">{vs(r, b.randomWalk)}</td>
            <td className="num">{r.value(b.historical)}</td><td className="num">{vs(r, b.historical)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><td colSpan={6} className="muted">
          Skill = 1 − model / baseline for losses (above 0: the model is better); direction accuracy in percentage points. Nominal coverage {pct(e.levels[2] - e.levels[0], 0)}, nominal hit rates {e.levels.map((l) => pct(l, 0)).join(' / ')}.
          {!m.pinball && ' A one-value model has no quantiles: its quantile metrics are absent.'}
        </td></tr>
      </tfoot>
    </table>
  )
}

function Calibration({ e }: { e: Evaluation }) {
  const pts = (m: Metrics) => (m.hits ? [m.hits.q10, m.hits.q50, m.hits.q90].map((y, i) => ({ x: e.levels[i]!, y })) : [])
  return (
    <figure aria-label="Calibration">
      <figcaption>Calibration: nominal quantile level against the share of outcomes at or below it</figcaption>
      <LineChart
        label="Calibration chart"
        xLabel="level"
        series={[
          { name: 'ideal', points: [{ x: e.levels[0], y: e.levels[0] }, { x: e.levels[2], y: e.levels[2] }] },
          { name: 'model', points: pts(e.model) },
          { name: 'random walk', points: pts(e.baselines.randomWalk) },
          { name: 'historical', points: pts(e.baselines.historical) },
        ]}
      />
    </figure>
  )
}

function PerCoin({ e }: { e: Evaluation }) {
  return (
    <table className="series" aria-label="Metrics per coin">
      <thead>
        <tr><th>Coin</th><th className="num">Forecasts</th><th className="num">MAE</th><th className="num">MAPE</th><th className="num">Direction</th><th className="num">Pinball mean</th><th className="num">Coverage</th><th className="num">Skill vs random walk</th></tr>
      </thead>
      <tbody>
        {Object.entries(e.perCoin).map(([symbol, m]) => {
          const rw = e.perCoinBaselines[symbol]!.randomWalk
          return (
            <tr key={symbol} onClick={() => selectEvaluationCoin(symbol)}>
              <td>{symbol}</td><td className="num">{m.samples}</td><td className="num">{num(m.mae)}</td><td className="num">{pct(m.mape, 3)}</td>
              <td className="num">{pct(m.directionAccuracy)}</td><td className="num">{num(m.pinball?.mean)}</td><td className="num">{pct(m.coverage)}</td>
              <td className="num">{signedPct(m.pinball ? skill(m.pinball.mean, rw.pinball?.mean) : skill(m.mae, rw.mae))}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
