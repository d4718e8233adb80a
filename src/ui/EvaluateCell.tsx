import { skill } from '../eval/metrics'
import { BASELINES, type BaselineName, type Evaluation, type Metrics } from '../eval/types'
import { MetricsTable, NAMES, PerCoin, SkillTable } from './EvaluateTables'
import { runEvaluateCell, selectEvaluationCoin, setEvaluateAllCoins, setEvaluationSplit } from '../store/evalActions'
import { useStudio } from '../store/store'
import { BandChart } from './BandChart'
import { Cell } from './Cell'
import { pct, signedPct } from './format'
import { LineChart } from './LineChart'

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

function Calibration({ e }: { e: Evaluation }) {
  const pts = (m: Metrics) => (m.hits ? [m.hits.q10, m.hits.q50, m.hits.q90].map((y, i) => ({ x: e.levels[i]!, y })) : [])
  return (
    <figure aria-label="Calibration">
      <figcaption>Calibration: nominal quantile level against the share of outcomes at or below it</figcaption>
      <LineChart
        label="Calibration chart"
        xLabel="nominal quantile level"
        width={560}
        height={320}
        series={[
          { name: 'ideal', points: [{ x: e.levels[0], y: e.levels[0] }, { x: e.levels[2], y: e.levels[2] }] },
          { name: 'model', points: pts(e.model) },
          ...BASELINES.map((k) => ({ name: NAMES[k], points: pts(e.baselines[k]) })),
        ]}
      />
    </figure>
  )
}

/**
 * Band width against the size of the move that followed, in ten groups by width. A forecaster that times volatility
 * follows the dashed line (moves in proportion to width); one that does not draws a flat curve.
 */
function WidthChart({ e }: { e: Evaluation }) {
  const b = e.widthBins
  const ratio = b.reduce((n, x) => n + x.absMove * x.samples, 0) / b.reduce((n, x) => n + x.width * x.samples, 0)
  return (
    <figure aria-label="Band width against realised move">
      <figcaption>Forecast band width (x, % of price) against the mean realised |move| that followed (y, % of price), ten groups by width</figcaption>
      <LineChart
        label="Band width against realised move chart"
        xLabel="width %"
        series={[
          { name: 'mean |move|', points: e.widthBins.map((b) => ({ x: b.width * 100, y: b.absMove * 100 })) },
          { name: 'moves in proportion to width', points: [b[0]!, b[b.length - 1]!].map((x) => ({ x: x.width * 100, y: x.width * 100 * ratio })) },
        ]}
      />
    </figure>
  )
}
