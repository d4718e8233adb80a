import { skill } from '../eval/metrics'
import { BASELINES, type BaselineName, type Evaluation, type Metrics } from '../eval/types'
import { runEvaluateCell, selectEvaluationCoin, setEvaluateAllCoins, setEvaluationSplit } from '../store/evalActions'
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

/** Metrics of the model next to three naive baselines, skill per quantile, a band chart, calibration, band width against moves, and per-coin scores. */
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
        <label>
          <input type="checkbox" checked={ev.allCoins ?? false} disabled={running} onChange={(x) => setEvaluateAllCoins(x.target.checked)} />
          Also score the loaded coins the model did not train on
        </label>
      </div>
      {e && <Verdict e={e} />}
      {e && <MetricsTable e={e} />}
      {e && <SkillTable e={e} />}
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
      {e && e.widthBins.length > 0 && <WidthChart e={e} />}
      {e && <PerCoin e={e} />}
    </Cell>
  )
}

const NAMES: Record<BaselineName, string> = { randomWalk: 'random walk', historical: 'trailing 500 h', ewma: 'EWMA volatility' }

function Verdict({ e }: { e: Evaluation }) {
  const m = e.model
  const [lo, hi] = m.directionInterval
  const coinFlip = lo <= 0.5 && 0.5 <= hi
  const name = m.pinball ? 'mean pinball loss' : 'MAE'
  const against = (b: BaselineName) => {
    const s = m.pinball ? e.skill[b]?.mean : skill(m.mae, e.baselines[b].mae)
    return s == null ? `not comparable with the ${NAMES[b]}` : `${s >= 0 ? 'better' : 'worse'} than the ${NAMES[b]} by ${pct(Math.abs(s))}`
  }
  const ewma = m.pinball ? e.skill.ewma?.mean : null
  return (
    <p className="summary" aria-label="Evaluation verdict">
      {e.samples.toLocaleString('en')} {e.split === 'test' ? 'test' : 'validation'} forecasts, {e.horizon} h ahead. The model's {name} is{' '}
      {BASELINES.map(against).join(', ')}.
      {ewma != null && (ewma > 0
        ? ' It beats the EWMA volatility forecast, the baseline a quant reaches for first.'
        : ' It does not beat the EWMA volatility forecast: a two-line formula does as well, so this model is not worth its training time yet.')}
      {e.unseen && ` On the ${e.untrained.length} coin(s) it never trained on (${e.unseen.samples.toLocaleString('en')} forecasts, not in the figures above), its pinball skill is ${signedPct(e.unseen.skill.randomWalk?.mean)} against the random walk and ${signedPct(e.unseen.skill.ewma?.mean)} against EWMA.`}
      {' '}Direction accuracy {pct(m.directionAccuracy)} over {m.directionSamples.toLocaleString('en')} moves, 95 % interval {pct(lo)}–{pct(hi)}
      {coinFlip ? ': not distinguishable from a coin flip.' : lo > 0.5 ? ': better than a coin flip.' : ': worse than a coin flip.'}
    </p>
  )
}

function MetricsTable({ e }: { e: Evaluation }) {
  const { model: m, baselines: b } = e
  return (
    <table className="series metrics" aria-label="Metrics against baselines">
      <thead>
        <tr><th>Metric</th><th className="num">Model</th>{BASELINES.map((k) => <th key={k} className="num">{cap(NAMES[k])}{k === 'ewma' ? ` (λ ${e.ewmaLambda})` : ''}</th>)}</tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.name}>
            <td>{r.name}</td><td className="num">{r.value(m)}</td>{BASELINES.map((k) => <td key={k} className="num">{r.value(b[k])}</td>)}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr><td colSpan={5} className="muted">
          Nominal coverage {pct(e.levels[2] - e.levels[0], 0)}, nominal hit rates {e.levels.map((l) => pct(l, 0)).join(' / ')}.
          {!m.pinball && ' A one-value model has no quantiles: its quantile metrics are absent.'}
        </td></tr>
      </tfoot>
    </table>
  )
}

/** Skill = 1 − model / baseline for every loss, against each baseline; pinball per quantile shows where the skill is. */
function SkillTable({ e }: { e: Evaluation }) {
  const { model: m, baselines: b } = e
  const vs = (r: Row, base: Metrics) => (r.loss ? signedPct(skill(r.loss(m), r.loss(base))) : r.pp && Number.isFinite(r.pp(m)) ? `${r.pp(m) >= r.pp(base) ? '+' : ''}${((r.pp(m) - r.pp(base)) * 100).toFixed(1)} pp` : '')
  const rows = ROWS.filter((r) => r.loss || r.pp)
  return (
    <table className="series metrics" aria-label="Skill against baselines">
      <thead>
        <tr><th>Skill</th>{BASELINES.map((k) => <th key={k} className="num">vs {NAMES[k]}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => <tr key={r.name}><td>{r.name}</td>{BASELINES.map((k) => <td key={k} className="num">{vs(r, b[k])}</td>)}</tr>)}
      </tbody>
      <tfoot>
        <tr><td colSpan={4} className="muted">
          Skill = 1 − model / baseline for losses (above 0: the model is better); direction accuracy in percentage points.
          On 1h returns the skill a model can have is in the band (q10, q90): volatility timing, not direction.
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
          ...BASELINES.map((k) => ({ name: NAMES[k], points: pts(e.baselines[k]) })),
        ]}
      />
    </figure>
  )
}

/** Band width against the size of the move that followed, in ten groups by width: rising means volatility timing. */
function WidthChart({ e }: { e: Evaluation }) {
  return (
    <figure aria-label="Band width against realised move">
      <figcaption>Forecast band width (x, % of price) against the mean realised |move| that followed (y, % of price), ten groups by width</figcaption>
      <LineChart
        label="Band width against realised move chart"
        xLabel="width %"
        series={[
          { name: 'mean |move|', points: e.widthBins.map((b) => ({ x: b.width * 100, y: b.absMove * 100 })) },
          { name: 'coverage × width / 2', points: e.widthBins.map((b) => ({ x: b.width * 100, y: (b.coverage * b.width * 100) / 2 })) },
        ]}
      />
    </figure>
  )
}

function PerCoin({ e }: { e: Evaluation }) {
  const sk = (v: number | null | undefined) => signedPct(v ?? null)
  return (
    <table className="series" aria-label="Metrics per coin">
      <thead>
        <tr>
          <th>Coin</th><th className="num">Forecasts</th><th className="num">Direction</th><th className="num">Pinball mean</th><th className="num">Coverage</th>
          {BASELINES.map((k) => <th key={k} className="num">Skill vs {NAMES[k]}</th>)}
          <th className="num">q10 / q50 / q90 skill vs EWMA</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(e.perCoin).map(([symbol, m]) => {
          const s = e.perCoinSkill[symbol]!
          const base = e.perCoinBaselines[symbol]!
          return (
            <tr key={symbol} onClick={() => selectEvaluationCoin(symbol)}>
              <td>{symbol}{e.untrained.includes(symbol) ? ' (never trained on)' : ''}</td><td className="num">{m.samples}</td><td className="num">{pct(m.directionAccuracy)}</td>
              <td className="num">{num(m.pinball?.mean)}</td><td className="num">{pct(m.coverage)}</td>
              {BASELINES.map((k) => <td key={k} className="num">{m.pinball ? sk(s[k]?.mean) : signedPct(skill(m.mae, base[k].mae))}</td>)}
              <td className="num">{s.ewma ? `${sk(s.ewma.q10)} / ${sk(s.ewma.q50)} / ${sk(s.ewma.q90)}` : '—'}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1)
