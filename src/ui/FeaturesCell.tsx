import { SPLITS, type DropReason } from '../features/types'
import { exportFeatures, runFeaturesCell, selectFeatureCoin } from '../store/featuresActions'
import { useStudio } from '../store/store'
import { formatUtc } from '../util/time'
import { Cell } from './Cell'
import { Fold } from './Fold'
import { IndicatorEditor } from './IndicatorEditor'

const fmt = (x: number) => (Math.abs(x) >= 1000 || (Math.abs(x) < 0.001 && x !== 0) ? x.toExponential(3) : x.toPrecision(4))

export function FeaturesCell() {
  const f = useStudio((s) => s.features)
  const running = useStudio((s) => s.cells.features.status === 'running')
  const coins = f.coins
  const total = (split: (typeof SPLITS)[number]) => (coins ?? []).reduce((n, c) => n + c.samples[split].end1h.length, 0)
  const dropped = new Map<DropReason, number>()
  for (const c of coins ?? []) for (const [r, n] of Object.entries(c.dropped)) dropped.set(r as DropReason, (dropped.get(r as DropReason) ?? 0) + n)
  const shown = coins?.find((c) => c.symbol === f.selected) ?? coins?.[0]

  return (
    <Cell id="features" onRun={() => void runFeaturesCell()}>
      <IndicatorEditor />
      {coins && f.names && (
        <>
          <p className="summary">
            {coins.length} coins × {f.names.length} features per stream; samples: train {total('train').toLocaleString('en')}, validation{' '}
            {total('val').toLocaleString('en')}, test {total('test').toLocaleString('en')}. Computed in {Math.round(f.ms ?? 0)} ms on {f.workers} workers;
            holding {((f.bytes ?? 0) / 2 ** 20).toFixed(1)} MiB.{' '}
            <button type="button" onClick={() => void exportFeatures()} disabled={running}>Export features</button>
          </p>
          {coins[0]?.cut && (
            <p className="muted" aria-label="Split dates">
              Split dates, the same for every coin (UTC): train before {formatUtc(coins[0].cut.val)}, validation {formatUtc(coins[0].cut.val)} to{' '}
              {formatUtc(coins[0].cut.test)}, test from {formatUtc(coins[0].cut.test)} — cut where the train and validation shares of all coins' hours (pooled) have passed.
              {coins.some((c) => c.fitOn === 'val') && ` Starting after the validation date, never trained on, scaled on their validation rows: ${coins.filter((c) => c.fitOn === 'val').map((c) => c.symbol).join(', ')}.`}
            </p>
          )}
          {f.skipped.length > 0 && <ul className="notes" aria-label="Skipped pairs">{f.skipped.map((s) => <li key={s}>{s}</li>)}</ul>}
          <table className="series" aria-label="Dropped samples">
            <thead><tr><th>Dropped samples</th><th className="num">Count</th></tr></thead>
            <tbody>{[...dropped].map(([r, n]) => <tr key={r}><td>{r}</td><td className="num">{n.toLocaleString('en')}</td></tr>)}</tbody>
          </table>
          <Fold id="features:coins" label="Samples per coin" summary={`${coins.length} coins; click one for its train statistics`} rows={coins.length}>
            <table className="series" aria-label="Samples per coin">
              <thead><tr><th>Coin</th><th className="num">Train</th><th className="num">Validation</th><th className="num">Test</th><th>Test from (UTC)</th><th className="num">Filled bars</th></tr></thead>
              <tbody>
                {coins.map((c) => (
                  <tr key={c.symbol} onClick={() => selectFeatureCoin(c.symbol)} className={c === shown ? 'selected' : undefined} aria-selected={c === shown}>
                    <td>{c.symbol}</td>
                    {SPLITS.map((s) => <td key={s} className="num">{c.samples[s].end1h.length.toLocaleString('en')}</td>)}
                    <td>{formatUtc(c.splitStart.test)}</td>
                    <td className="num">{c.filled.h1 + c.filled.m15}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Fold>
          {shown && (
            <Fold id="features:stats" label={`Train statistics of ${shown.symbol}`} summary={`mean and std of ${f.names.length} features, 1h and 15m`} rows={f.names.length}>
              <table className="series" aria-label={`Train statistics of ${shown.symbol}`}>
                <thead><tr><th>{shown.symbol} feature</th><th className="num">1h train mean</th><th className="num">1h train std</th><th className="num">15m train mean</th><th className="num">15m train std</th></tr></thead>
                <tbody>
                  {f.names.map((n, j) => (
                    <tr key={n}>
                      <td>{n}</td>
                      <td className="num">{fmt(shown.stats.h1.mean[j]!)}</td><td className="num">{fmt(shown.stats.h1.std[j]!)}</td>
                      <td className="num">{fmt(shown.stats.m15.mean[j]!)}</td><td className="num">{fmt(shown.stats.m15.std[j]!)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Fold>
          )}
        </>
      )}
    </Cell>
  )
}
