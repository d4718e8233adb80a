import { useEffect, useMemo, useState } from 'react'
import { diffConfigs, type HistoryEntry } from '../export/runHistory'
import { deleteRecordedRun, exportRunsJson, exportRunsParquet, forkRun, refreshRuns, renameRun, setKeepWeights, toggleCompare } from '../store/runsActions'
import { useRuns } from '../store/runsStore'
import { formatUtc } from '../util/time'
import { RunsCompare } from './RunsCompare'
import { filterRuns, leafText, RUN_METRICS, sortBy } from './runsView'

/** Settings shown as columns: the ones that differ between runs, at most this many (forty would not read). */
const MAX_SETTING_COLUMNS = 8

type SortKey = { kind: 'name' } | { kind: 'ended' } | { kind: 'outcome' } | { kind: 'setting'; path: string } | { kind: 'metric'; key: string }

/** Every training run of this browser: sortable, filterable, renamed, deleted, exported, compared and forked. */
export function RunsPanel() {
  const { runs, compare, keepWeights, notes, error } = useRuns()
  const [query, setQuery] = useState('')
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: { kind: 'ended' }, dir: -1 })
  useEffect(() => void refreshRuns(), [])
  const all = runs ?? []
  const diffs = useMemo(() => diffConfigs(all.map((r) => r.record.config)), [all])
  const shown = diffs.slice(0, MAX_SETTING_COLUMNS)
  const rows = useMemo(() => {
    const index = new Map(all.map((r, i) => [r.id, i]))
    const value = (e: HistoryEntry): number | string | null | undefined => {
      const k = sort.key
      if (k.kind === 'name') return e.record.name
      if (k.kind === 'ended') return e.endedAt
      if (k.kind === 'outcome') return e.outcome
      if (k.kind === 'metric') {
        const key = k.key
        return RUN_METRICS.find((m) => m.key === key)!.value(e)
      }
      const path = k.path
      const v = diffs.find((d) => d.path === path)?.values[index.get(e.id)!]
      return typeof v === 'boolean' ? String(v) : v
    }
    return sortBy(filterRuns(all, query, diffs), value, sort.dir)
  }, [all, diffs, query, sort])
  const header = (key: SortKey, label: string, className?: string) => {
    const on = JSON.stringify(key) === JSON.stringify(sort.key)
    return (
      <th key={label} className={className} aria-sort={on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="sort" onClick={() => setSort({ key, dir: on ? (-sort.dir as 1 | -1) : 1 })}>{label}{on ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</button>
      </th>
    )
  }
  return (
    <section id="cell-runs" tabIndex={-1} className="cell runs" aria-labelledby="runs-title">
      <header className="cell-head">
        <h2 id="runs-title">Runs</h2>
        <span className="cell-status">{runs ? `${all.length} run${all.length === 1 ? '' : 's'} recorded in this browser` : 'reading…'}</span>
      </header>
      {error && <div className="cell-error" role="alert">{error}</div>}
      <div className="row">
        <label>Filter <input value={query} placeholder="name, coin, seed=7…" onChange={(e) => setQuery(e.target.value)} aria-label="Filter runs" /></label>
        <label>Keep weights of the last <input type="number" min={0} max={50} value={keepWeights} onChange={(e) => setKeepWeights(Number(e.target.value))} style={{ width: '4em' }} /> runs</label>
        <button type="button" disabled={!all.length} onClick={() => void exportRunsJson()}>Export runs.json</button>
        <button type="button" disabled={!all.length} onClick={() => void exportRunsParquet()}>Export runs.parquet</button>
      </div>
      {notes.length > 0 && <ul className="notes" aria-label="Runs notes">{notes.map((n, i) => <li key={i}>{n}</li>)}</ul>}
      {runs && all.length === 0 && <p className="muted">No runs yet: every training run is recorded here when it ends.</p>}
      {all.length > 0 && (
        <div className="table-scroll">
          <table className="series runs-table" aria-label="Runs">
            <thead>
              <tr>
                <th>Compare</th>
                {header({ kind: 'name' }, 'Name')}
                {header({ kind: 'ended' }, 'Ended (UTC)')}
                {header({ kind: 'outcome' }, 'Outcome')}
                {shown.map((d) => header({ kind: 'setting', path: d.path }, d.path))}
                {RUN_METRICS.map((m) => header({ kind: 'metric', key: m.key }, m.label, 'num'))}
                <th>Weights</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => {
                const i = all.indexOf(e)
                return (
                  <tr key={e.id} className={compare.includes(e.id) ? 'selected' : undefined}>
                    <td><input type="checkbox" checked={compare.includes(e.id)} onChange={() => toggleCompare(e.id)} aria-label={`Compare ${e.record.name}`} /></td>
                    <td><RunName entry={e} /></td>
                    <td>{formatUtc(e.endedAt)}</td>
                    <td title={e.error}>{e.outcome}{e.record.training ? ` (${e.record.training.epochs} epochs)` : ''}</td>
                    {shown.map((d) => <td key={d.path}>{leafText(d.values[i])}</td>)}
                    {RUN_METRICS.map((m) => <td key={m.key} className="num">{m.format(m.value(e))}</td>)}
                    <td>{e.weights ? 'kept' : 'not kept'}</td>
                    <td className="actions">
                      <button type="button" onClick={() => forkRun(e.id)} aria-label={`Fork ${e.record.name}`}>Fork</button>{' '}
                      <button type="button" onClick={() => void deleteRecordedRun(e.id)} aria-label={`Delete run ${e.record.name}`}>Delete</button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {diffs.length > MAX_SETTING_COLUMNS && <p className="muted">{diffs.length - MAX_SETTING_COLUMNS} more settings differ; Compare shows them all.</p>}
      <RunsCompare runs={compare.map((id) => all.find((r) => r.id === id)).filter((r): r is HistoryEntry => !!r)} />
    </section>
  )
}

/** The run's name, edited in place: Enter or leaving the field renames, Escape puts the old name back. */
function RunName({ entry }: { entry: HistoryEntry }) {
  const [name, setName] = useState(entry.record.name)
  useEffect(() => setName(entry.record.name), [entry.record.name])
  const commit = () => {
    if (name.trim() === entry.record.name) return
    if (!name.trim()) setName(entry.record.name)
    void renameRun(entry.id, name)
  }
  return (
    <input className="run-name" value={name} aria-label={`Name of run ${entry.record.name}`} onChange={(e) => setName(e.target.value)} onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit()
        if (e.key === 'Escape') setName(entry.record.name)
      }} />
  )
}
