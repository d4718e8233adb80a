import { diffConfigs, type HistoryEntry } from '../export/runHistory'
import { LineChart } from './LineChart'
import { ParallelCoordinates } from './ParallelCoordinates'
import { delta, leafText, RUN_METRICS } from './runsView'

/** Runs are lettered A, B, C… in the order they were ticked: short names for legends and columns. */
export const letter = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : '')

/** Two or more runs side by side: loss curves overlaid, the settings that differ, the metrics with deltas. */
export function RunsCompare({ runs }: { runs: HistoryEntry[] }) {
  if (runs.length < 2) return <p className="muted">Tick two or more runs to compare them.</p>
  const diffs = diffConfigs(runs.map((r) => r.record.config))
  const series = runs.flatMap((r, i) => [
    { name: `${letter(i)} train`, points: r.epochs.map((e) => ({ x: e.epoch + 1, y: e.loss })) },
    { name: `${letter(i)} validation`, points: r.epochs.map((e) => ({ x: e.epoch + 1, y: e.valLoss })) },
  ])
  const base = runs[0]!
  return (
    <div className="compare" role="region" aria-label="Compare runs">
      <h3>Compare</h3>
      <ol className="run-key" aria-label="Compared runs">
        {runs.map((r, i) => <li key={r.id}><b>{letter(i)}</b> {r.record.name}</li>)}
      </ol>
      <div className="charts">
        <figure aria-label="Loss curves of the compared runs">
          <figcaption>Loss per epoch, train and validation (log scale)</figcaption>
          <LineChart series={series} log label="Compared loss curves chart" xLabel="epoch" />
        </figure>
      </div>
      <h4>Settings that differ</h4>
      {diffs.length === 0 ? <p>The settings are the same in every compared run.</p> : (
        <table className="series" aria-label="Config differences">
          <thead><tr><th>Setting</th>{runs.map((r, i) => <th key={r.id}>{letter(i)}</th>)}</tr></thead>
          <tbody>{diffs.map((d) => <tr key={d.path}><td>{d.path}</td>{d.values.map((v, i) => <td key={i}>{leafText(v)}</td>)}</tr>)}</tbody>
        </table>
      )}
      <h4>Metrics</h4>
      <table className="series" aria-label="Metrics side by side">
        <thead><tr><th>Metric</th>{runs.map((r, i) => <th key={r.id} className="num">{letter(i)}{i > 0 ? ` (Δ vs ${letter(0)})` : ''}</th>)}</tr></thead>
        <tbody>
          {RUN_METRICS.map((m) => (
            <tr key={m.key}>
              <td>{m.label}</td>
              {runs.map((r, i) => {
                const d = i > 0 ? delta(m, m.value(base), m.value(r)) : undefined
                return <td key={r.id} className="num">{m.format(m.value(r))}{d?.text ? <span className={`delta ${d.verdict ?? ''}`}> ({d.text})</span> : null}</td>
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length >= 3 && <ParallelCoordinates runs={runs} diffs={diffs} />}
    </div>
  )
}
