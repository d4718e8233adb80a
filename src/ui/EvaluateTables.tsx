import { skill } from '../eval/metrics'
import { BASELINES, type BaselineName, type Evaluation, type Metrics } from '../eval/types'
import { selectEvaluationCoin } from '../store/evalActions'
import { num, pct, signedPct } from './format'

/** What the Evaluate cell calls each baseline. */
export const NAMES: Record<BaselineName, string> = { randomWalk: 'random walk', historical: 'trailing 500 h', ewma: 'EWMA volatility' }

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

export function MetricsTable({ e }: { e: Evaluation }) {
  const { model: m, baselines: b } = e
  return (
    <>
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
    </table>
    <p className="muted">
      Nominal coverage {pct(e.levels[2] - e.levels[0], 0)}, nominal hit rates {e.levels.map((l) => pct(l, 0)).join(' / ')}.
      {!m.pinball && ' A one-value model has no quantiles: its quantile metrics are absent.'}
    </p>
    </>
  )
}

/** Skill = 1 − model / baseline for every loss, against each baseline; pinball per quantile shows where the skill is. */
export function SkillTable({ e }: { e: Evaluation }) {
  const { model: m, baselines: b } = e
  const vs = (r: Row, base: Metrics) => (r.loss ? signedPct(skill(r.loss(m), r.loss(base))) : r.pp && Number.isFinite(r.pp(m)) ? `${r.pp(m) >= r.pp(base) ? '+' : ''}${((r.pp(m) - r.pp(base)) * 100).toFixed(1)} pp` : '')
  const rows = ROWS.filter((r) => r.loss || r.pp)
  return (
    <>
    <table className="series metrics" aria-label="Skill against baselines">
      <thead>
        <tr><th>Skill</th>{BASELINES.map((k) => <th key={k} className="num">vs {NAMES[k]}</th>)}</tr>
      </thead>
      <tbody>
        {rows.map((r) => <tr key={r.name}><td>{r.name}</td>{BASELINES.map((k) => <td key={k} className="num">{vs(r, b[k])}</td>)}</tr>)}
      </tbody>
    </table>
    <p className="muted">
      Skill = 1 − model / baseline for losses (above 0: the model is better); direction accuracy in percentage points.
      On 1h returns the skill a model can have is in the band (q10, q90): volatility timing, not direction.
    </p>
    </>
  )
}

export function PerCoin({ e }: { e: Evaluation }) {
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
